using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HyperSearch.Api.Hosting.Auth;

/// <summary>
/// The OpenAPI side of access control: a "bearer" HTTP security scheme (the API key as a bearer token) and an
/// "apiKey" header scheme (X-Api-Key) in the components; on every operation a security requirement — the
/// empty requirement too on the public ones (AllowAnonymous: /health, GET /api/auth), meaning "no key needed" —
/// and the 401 answer, plus 403 on the admin-only ones.
/// </summary>
internal sealed class ApiKeySecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string BearerScheme = "bearer";
    public const string HeaderScheme = "apiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "API key",
            Description = "An API key (hs_…) as 'Authorization: Bearer <key>'. Required when access control is on (Postgres mode, non-loopback addresses, or HyperSearch__Auth__Enabled=true).",
        };
        document.Components.SecuritySchemes[HeaderScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationOptions.HeaderName,
            Description = "The same API key in the X-Api-Key header.",
        };

        // Operations were transformed before the document: their requirements reference the schemes by name,
        // resolved against this document now that it holds them.
        foreach (var operation in (document.Paths ?? []).Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            var isPublic = operation.Security?.Any(r => r.Count == 0) == true;
            operation.Security = isPublic ? [new OpenApiSecurityRequirement()] : [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HeaderScheme, document)] = [] });

            // 401 and 403 answer with problem details, like every other error.
            foreach (var (status, response) in operation.Responses ?? [])
            {
                if (status is "401" or "403" && response is OpenApiResponse { Content: null or { Count: 0 } } bare)
                {
                    bare.Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
                    };
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var isPublic = metadata.OfType<IAllowAnonymous>().Any();
        var adminOnly = metadata.OfType<IAuthorizeData>().Any(a => a.Policy == AuthRoles.AdminPolicy);

        // Marks the public operation for the document pass above (which adds the real requirements).
        operation.Security = isPublic ? [new OpenApiSecurityRequirement()] : [];
        operation.Responses ??= new OpenApiResponses();
        if (!isPublic)
        {
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No API key, or an unknown or revoked one (problem details)." });
        }

        if (adminOnly)
        {
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The key is not an admin key (problem details)." });
        }

        return Task.CompletedTask;
    }
}
