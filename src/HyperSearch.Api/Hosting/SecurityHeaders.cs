namespace HyperSearch.Api.Hosting;

/// <summary>
/// Security headers on every answer the app writes (API JSON, static dashboard files, problem details,
/// status-code pages, Hangfire's pages): <c>X-Content-Type-Options: nosniff</c>,
/// <c>Referrer-Policy: no-referrer</c>, <c>X-Frame-Options: DENY</c>, and a Content-Security-Policy:
/// <see cref="DashboardPolicy"/> (own scripts, styles, images and API only; Hangfire's dashboard works
/// under it too: external scripts, inline style attributes, a data: icon) everywhere except the Scalar
/// API reference under /scalar, which boots from an inline module script and loads its fonts from
/// fonts.scalar.com, and so gets <see cref="ScalarPolicy"/>: that much more, still no framing, no
/// plugins, no foreign &lt;base&gt; or form target. Set when the answer starts, so an error handler that
/// clears the headers cannot drop them.
/// </summary>
public static class SecurityHeaders
{
    public const string DashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public const string ScalarPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data: https://fonts.scalar.com; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>Where <see cref="ScalarPolicy"/> applies (MapScalarApiReference("/scalar")).</summary>
    public static PathString ScalarPath { get; } = new("/scalar");

    /// <summary>Adds the headers to every answer; put it first, before the exception handler and static files.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use((context, next) =>
        {
            // Chosen from the path as it arrives, before any Map() moves part of it into PathBase.
            var policy = PolicyFor(context.Request.Path);
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = policy;
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    public static string PolicyFor(PathString path) =>
        path.StartsWithSegments(ScalarPath, StringComparison.OrdinalIgnoreCase) ? ScalarPolicy : DashboardPolicy;
}
