using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace WindFlow.Web.Logging;

/// <summary><c>Logging:Format</c>: <c>text</c> (one readable line per entry, the default) or <c>json</c> (one object per line for ELK).</summary>
internal static class LoggingSetup
{
    public const string FormatKey = "Logging:Format";

    public static ILoggingBuilder AddWindFlowLogging(this ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.AddConsoleFormatter<JsonLogFormatter, ConsoleFormatterOptions>();
        switch (configuration[FormatKey]?.Trim().ToLowerInvariant())
        {
            case null or "" or "text":
                break;
            case "json":
                logging.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = JsonLogFormatter.FormatterName);
                break;
            default:
                throw new OptionsValidationException("Logging", typeof(ConsoleLoggerOptions), [$"Logging__Format is '{configuration[FormatKey]}'; use text or json."]);
        }

        return logging;
    }
}
