namespace HyperSearch.Service.Execution;

/// <summary>What <see cref="DatasetService.DeleteAsync"/> did.</summary>
public enum DatasetDeletion
{
    Deleted,
    NotFound,
    BuiltIn,
    InUse,
}
