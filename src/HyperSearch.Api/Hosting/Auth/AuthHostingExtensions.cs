using HyperSearch.Service.Hosting;
using HyperSearch.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.OpenApi;

namespace HyperSearch.Api.Hosting.Auth;

/// <summary>
/// Access control (issue 13) set up with ASP.NET Core's own pieces: the <see cref="ApiKeyAuthenticationHandler"/>
/// scheme, a fallback policy that requires it on every endpoint not marked AllowAnonymous, an admin policy,
/// host filtering (localhost names only on loopback unless AllowedHosts says otherwise), CORS only when
/// origins are configured, antiforgery for Hangfire's dashboard commands, and the OpenAPI security scheme.
/// </summary>
public static class AuthHostingExtensions
{
    /// <summary>Hosts served when the service listens on loopback and AllowedHosts is not configured: a DNS-rebinding page's name is refused (400).</summary>
    public static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    private const string CorsPolicy = "configured-origins";

    public static WebApplicationBuilder AddHyperSearchAuth(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<AuthSettings>().Bind(configuration.GetSection(AuthSettings.Section));
        services.AddSingleton<AuthState>();
        services.AddSingleton<ApiKeyHasher>();
        services.AddSingleton<ApiKeyIssuer>();
        services.AddSingleton<DashboardSessions>();
        services.AddSingleton<IApiKeyStore>(sp =>
        {
            // Its own store object over the same database, so the key table needs nothing from ISearchStore's callers.
            var settings = sp.GetRequiredService<StorageSettings>();
            DapperSearchStore store = settings.Mode == StorageMode.Postgres
                ? new PostgresSearchStore(sp.GetRequiredService<Npgsql.NpgsqlDataSource>())
                : new SqliteSearchStore(settings.ConnectionString);
            return new ApiKeyStore(store);
        });

        services.AddAuthentication(ApiKeyAuthenticationOptions.Scheme)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationOptions.Scheme, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationOptions.Scheme).RequireAuthenticatedUser().Build())
            .AddPolicy(AuthRoles.AdminPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationOptions.Scheme).RequireRole(AuthRoles.Admin));

        // Hangfire.AspNetCore validates the dashboard's POST commands (retry, delete, …) with IAntiforgery when it is registered.
        services.AddAntiforgery();

        var origins = configuration.GetSection($"{AuthSettings.Section}:CorsOrigins").Get<string[]>() ?? [];
        if (origins.Length > 0)
        {
            services.AddCors(o => o.AddPolicy(CorsPolicy, p => p
                .WithOrigins(origins)
                .WithHeaders("Authorization", ApiKeyAuthenticationOptions.HeaderName, "Content-Type")
                .WithMethods("GET", "POST", "DELETE")));
        }

        var configuredHosts = configuration["AllowedHosts"];
        var loopback = AuthState.ConfiguredUrls(configuration) is var urls && (urls.Count == 0 || urls.All(AuthState.IsLoopbackUrl));
        if (string.IsNullOrWhiteSpace(configuredHosts) && loopback)
        {
            // Runs after the host's own PostConfigure, which turns an unset AllowedHosts into "*".
            services.PostConfigure<HostFilteringOptions>(o => o.AllowedHosts = LoopbackHosts);
        }

        services.Configure<OpenApiOptions>("v1", o =>
        {
            o.AddDocumentTransformer<ApiKeySecurityTransformer>();
            o.AddOperationTransformer<ApiKeySecurityTransformer>();
        });
        return builder;
    }

    /// <summary>After static files (which stay public) and before the endpoints: routing, CORS, authentication, authorization.</summary>
    public static WebApplication UseHyperSearchAuth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRouting();
        if (app.Configuration.GetSection($"{AuthSettings.Section}:CorsOrigins").Get<string[]>() is { Length: > 0 })
        {
            app.UseCors(CorsPolicy);
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>
    /// Stores <see cref="AuthSettings.BootstrapKey"/> as an admin key (owner "admin") if it is not stored yet.
    /// Call after the migrations.
    /// </summary>
    public static async Task StoreBootstrapKeyAsync(this IServiceProvider services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        var settings = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthSettings>>().Value;
        if (settings.BootstrapKey is { Length: > 0 } key)
        {
            await services.GetRequiredService<ApiKeyIssuer>().StoreAsync(key.Trim(), "bootstrap", AuthRoles.Admin, "admin", ct);
        }
    }
}
