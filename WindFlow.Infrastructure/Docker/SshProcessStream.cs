using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

/// <summary>
/// One HTTP connection carried by an ssh process: reads come from its stdout, writes go to its
/// stdin. When the process dies its exit code and stderr become the error, because an early EOF
/// alone would only tell the HTTP stack "response ended prematurely". Disposing kills the process.
/// </summary>
internal sealed class SshProcessStream : Stream
{
    private const int StderrLimit = 8192;
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    private readonly string _endpoint;
    private readonly Process _process;
    private readonly Stream _stdout;
    private readonly Stream _stdin;
    private readonly Task<string> _stderr;
    private int _disposed;

    private SshProcessStream(string endpoint, Process process)
    {
        _endpoint = endpoint;
        _process = process;
        _stdout = process.StandardOutput.BaseStream;
        _stdin = process.StandardInput.BaseStream;
        _stderr = ReadBoundedAsync(process.StandardError);
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public static ValueTask<Stream> StartAsync(string endpoint, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var info = new ProcessStartInfo("ssh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            var process = Process.Start(info) ?? throw new Win32Exception("Process.Start returned no process.");
            return ValueTask.FromResult<Stream>(new SshProcessStream(endpoint, process));
        }
        catch (Win32Exception ex)
        {
            throw new EngineException(
                EngineErrorKind.Unreachable,
                $"Cannot reach {endpoint}: the ssh client could not be started (is openssh-client installed?): {ex.Message}",
                innerException: ex);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await _stdout.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException ex)
        {
            var exitError = await ExitErrorAsync(ex);
            if (exitError is null)
            {
                throw;
            }

            throw exitError;
        }

        // dial-stdio exits 0 when the daemon closes the connection; anything else is a failure to explain.
        if (read == 0 && await ExitErrorAsync(null) is { } error)
        {
            throw error;
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await _stdin.WriteAsync(buffer, cancellationToken);
            await _stdin.FlushAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            var error = await ExitErrorAsync(ex);
            if (error is null)
            {
                throw;
            }

            throw error;
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => _stdin.FlushAsync(cancellationToken);

    public override void Flush() => _stdin.Flush();

    // The HTTP stack only uses the async members; the sync ones exist because Stream requires them.
    public override int Read(byte[] buffer, int offset, int count) => _stdout.Read(buffer, offset, count);

    public override void Write(byte[] buffer, int offset, int count) => _stdin.Write(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                }
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the kill.
            }

            _process.Dispose();
        }

        base.Dispose(disposing);
    }

    private static async Task<string> ReadBoundedAsync(StreamReader reader)
    {
        // Keeps the head of stderr (where ssh states its reason) and drains the rest so ssh never blocks on a full pipe.
        var text = new StringBuilder();
        var buffer = new char[1024];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            if (text.Length < StderrLimit)
            {
                text.Append(buffer, 0, Math.Min(read, StderrLimit - text.Length));
            }
        }

        return text.ToString();
    }

    private async Task<EngineException?> ExitErrorAsync(Exception? cause)
    {
        using var grace = new CancellationTokenSource(ExitGrace);
        try
        {
            await _process.WaitForExitAsync(grace.Token);
            var stderr = await _stderr.WaitAsync(grace.Token);
            if (_process.ExitCode == 0 && cause is null)
            {
                return null;
            }

            var error = SshTransport.DescribeExit(_endpoint, _process.ExitCode, stderr);
            return cause is null ? error : new EngineException(error.Kind, error.Message, innerException: cause);
        }
        catch (OperationCanceledException)
        {
            // Still running: the failure was not ssh ending, so the original error stands.
            return null;
        }
    }
}
