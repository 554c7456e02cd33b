using System.Net.Sockets;
using System.Text;

namespace WindFlow.Tests.TestSupport;

/// <summary>
/// A unix socket in front of the real test engine that holds back every container-list request for
/// a while: a slow link (an SSH hop on a busy machine) with the real engine behind it. Everything
/// else, the event stream included, passes straight through.
/// </summary>
public sealed class SlowEngineLink : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _path;
    private readonly string _enginePath;
    private readonly TimeSpan _listDelay;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private SlowEngineLink(string enginePath, TimeSpan listDelay)
    {
        _enginePath = enginePath;
        _listDelay = listDelay;
        _path = $"/tmp/windflow-slow-{Guid.NewGuid():N}.sock";
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(_path));
        _listener.Listen(64);
        _accepting = AcceptAsync();
    }

    /// <summary>The endpoint to register as a target.</summary>
    public string Endpoint => "unix://" + _path;

    /// <summary>Listens in front of the engine socket at <paramref name="enginePath"/>.</summary>
    public static SlowEngineLink Start(string enginePath, TimeSpan listDelay) => new(enginePath, listDelay);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var _ = client;
        using var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await engine.ConnectAsync(new UnixDomainSocketEndPoint(_enginePath), _stop.Token);
            await Task.WhenAll(PumpAsync(client, engine, holdLists: true), PumpAsync(engine, client, holdLists: false));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Either side hung up, or the link is closing.
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool holdLists)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            if (read == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }

            // A request line fits in the first chunk of a request; the client sends nothing else meanwhile.
            if (holdLists && Encoding.ASCII.GetString(buffer, 0, read).Contains("/containers/json", StringComparison.Ordinal))
            {
                await Task.Delay(_listDelay, _stop.Token);
            }

            await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
        File.Delete(_path);
    }
}
