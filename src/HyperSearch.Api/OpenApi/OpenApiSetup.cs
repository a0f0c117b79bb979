using Microsoft.Extensions.DependencyInjection;

namespace HyperSearch.Api.OpenApi;

public static class OpenApiSetup
{
    /// <summary>The OpenAPI 3.1 document at /openapi/v1.json, made to describe the wire exactly (docs/api.md, "OpenAPI").</summary>
    public static IServiceCollection AddHyperSearchOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddOperationTransformer<OperationsTransformer>();
            o.AddDocumentTransformer<DocumentInfoTransformer>();
            o.AddDocumentTransformer<ComponentSchemasTransformer>();
        });
}
