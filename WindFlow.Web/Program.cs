Console.WriteLine(typeof(Program).Assembly.GetManifestResourceStream("WindFlow.blazor.web.js")?.Length);
