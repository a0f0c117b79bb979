using System.Text.Json;
using System.Text.Json.Serialization;
using Hangfire;
using HyperSearch.Service.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using HyperSearch.Api.OpenApi;
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

        services.AddSingleton<Endpoints.SearchViews>();
        services.AddProblemDetails();
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
        app.UseStaticFiles();
        return app;
    }

    public static WebApplication MapHyperSearchDocs(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi();
        app.MapScalarApiReference("/scalar", o => o.WithTitle("HyperSearch API"));
        return app;
    }

    public static WebApplication MapHangfireDashboardPage(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<Service.HyperSearchOptions>>().Value;
        var storage = app.Services.GetRequiredService<Hangfire.JobStorage>();
        app.UseHangfireDashboard("/hangfire", new Hangfire.DashboardOptions
        {
            DashboardTitle = "HyperSearch jobs",
            AppPath = "/",
            Authorization = options.HangfireDashboardRemoteAccess
                ? [new AllowAllDashboardAuthorization()]
                : [new Hangfire.Dashboard.LocalRequestsOnlyAuthorizationFilter()],
        }, storage);
        return app;
    }
}
