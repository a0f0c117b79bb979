namespace HyperSearch.Search;

/// <summary>The JSON spelling of <see cref="ParameterScale"/>.</summary>
internal static class ScaleNames
{
    public const string Linear = "linear";
    public const string Log = "log";

    public static string ToJson(ParameterScale scale) => scale == ParameterScale.Log ? Log : Linear;

    public static bool TryParse(string? text, out ParameterScale scale)
    {
        switch (text)
        {
            case Linear:
                scale = ParameterScale.Linear;
                return true;
            case Log:
                scale = ParameterScale.Log;
                return true;
            default:
                scale = ParameterScale.Linear;
                return false;
        }
    }
}
