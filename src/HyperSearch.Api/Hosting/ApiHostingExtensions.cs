using System.Text.Json;
using System.Text.Json.Serialization;
using Hangfire;
using HyperSearch.Api.Hosting.Auth;
using HyperSearch.Service.Hosting;
using Microsoft.AspNetCore.Http.Json;
using HyperSearch.Api.OpenApi;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace HyperSearch.Api.Hosting;

public static class ApiHostingExtensions
{
    /// <summary>Largest request body the JSON endpoints read (a search spec is a few kB).</summary>
    public const int MaxJsonBodyBytes = 256 * 1024;

    public static WebApplicationBuilder AddHyperSearchApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddHyperSearchCore(builder.Configuration);
        var runWorkers = builder.Configuration.GetValue($"{Service.HyperSearchOptions.Section}:RunWorkers", true);
        services.AddHyperSearchHangfire(runWorkers);
        builder.AddHyperSearchAuth();

        services.AddSingleton<Endpoints.SearchViews>();
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Trial lists and scatter points of big searches are megabytes of repetitive JSON.
        services.AddResponseCompression(o => o.EnableForHttps = true);
        services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));
        services.AddHyperSearchOpenApi();
        return builder;
    }

    public static void ConfigureJson(JsonSerializerOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // Strict numbers: "NaN"/"Infinity" strings are not JSON numbers, and clients generated from the
        // OpenAPI document cannot read them; the contracts turn non-finite values into null (WireNumbers).
        o.NumberHandling = JsonNumberHandling.Strict;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    public static WebApplication UseHyperSearchApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSecurityHeaders(); // first: every answer below, errors included, carries them
        app.UseResponseCompression();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles(); // public: the dashboard's files hold no data, and its sign-in box must load
        app.UseHyperSearchAuth();
        return app;
    }

    public static WebApplication MapHyperSearchDocs(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Public: the API's description reveals no data, and the reference page is loaded by a browser without a key.
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/scalar", o => o.WithTitle("HyperSearch API")).AllowAnonymous();
        return app;
    }

    public static WebApplication MapHangfireDashboardPage(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var storage = app.Services.GetRequiredService<Hangfire.JobStorage>();
        // Admins only, through the same API-key scheme (a key header, or the session cookie the signed-in
        // dashboard gets from POST /api/auth/hangfire-session); with access control off (loopback only) the
        // local user is the admin. Its POST commands carry Hangfire's antiforgery token, checked by IAntiforgery.
        app.MapHangfireDashboardWithAuthorizationPolicy(AuthRoles.AdminPolicy, "/hangfire", new Hangfire.DashboardOptions
        {
            DashboardTitle = "HyperSearch jobs",
            AppPath = "/",
            Authorization = [],
        }, storage);
        return app;
    }
}
