using System.Net;

namespace ModelGen.Data.Tests;

/// <summary>An HTTP handler that never touches the network: it answers every request with <paramref name="respond"/>.</summary>
internal sealed class FakeHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public List<Uri> Requests { get; } = [];

    public static FakeHandler Serving(byte[] body) => new(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) });

    public static FakeHandler Offline() => new(request =>
        throw new HttpRequestException(
            $"Name or service not known ({request.RequestUri!.Host}:443)",
            new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound)));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request.RequestUri!);
        return Task.FromResult(respond(request));
    }
}

/// <summary>Collects progress reports synchronously (unlike <see cref="Progress{T}"/>, which posts them later).</summary>
internal sealed class ProgressLog : IProgress<DownloadProgress>
{
    public List<DownloadProgress> Reports { get; } = [];

    public void Report(DownloadProgress value) => Reports.Add(value);
}
