using System.Globalization;

namespace HyperSearch.Search;

/// <summary>
/// Direction numbers for Sobol' sequences from Joe and Kuo (2008), "Constructing Sobol sequences
/// with better two-dimensional projections", file new-joe-kuo-6.21201, dimensions 2–37 (each row
/// "s a m_1 … m_s"). Dimension 1 is van der Corput and needs none. 37 dimensions cover every
/// parameter a space can hold with room to grow.
/// </summary>
internal static class SobolDirections
{
    public const int Bits = 32;

    private const string JoeKuo =
        "1 0 1|2 1 1 3|3 1 1 3 1|3 2 1 1 1|4 1 1 1 3 3|4 4 1 3 5 13|5 2 1 1 5 5 17|5 4 1 1 5 5 5|" +
        "5 7 1 1 7 11 19|5 11 1 1 5 1 1|5 13 1 1 1 3 11|5 14 1 3 5 5 31|6 1 1 3 3 9 7 49|" +
        "6 13 1 1 1 15 21 21|6 16 1 3 1 13 27 49|6 19 1 1 1 15 7 5|6 22 1 3 1 15 13 25|" +
        "6 25 1 1 5 5 19 61|7 1 1 3 7 11 23 15 103|7 4 1 3 7 13 13 15 69|7 7 1 1 3 13 7 35 63|" +
        "7 8 1 3 5 9 1 25 53|7 14 1 3 1 13 9 35 107|7 19 1 3 1 5 27 61 31|7 21 1 1 5 11 19 41 61|" +
        "7 28 1 3 5 3 3 13 69|7 31 1 1 7 13 1 19 1|7 32 1 3 7 5 13 19 59|7 37 1 1 3 9 25 29 41|" +
        "7 41 1 3 5 13 23 1 55|7 42 1 3 7 3 13 59 17|7 50 1 3 1 3 5 53 69|7 55 1 1 5 5 23 33 13|" +
        "7 56 1 1 7 7 1 61 123|7 59 1 1 7 9 13 61 49|7 62 1 3 3 5 3 55 33";

    /// <summary>V[d][k]: the k-th direction number of dimension d, as a 32-bit binary fraction.</summary>
    public static IReadOnlyList<uint[]> Vectors { get; } = Build();

    public static int MaxDimensions => Vectors.Count;

    private static uint[][] Build()
    {
        var rows = JoeKuo.Split('|');
        var vectors = new uint[rows.Length + 1][];
        vectors[0] = new uint[Bits];
        for (var k = 0; k < Bits; k++)
        {
            vectors[0][k] = 1u << (Bits - 1 - k);
        }

        for (var d = 1; d <= rows.Length; d++)
        {
            var fields = rows[d - 1].Split(' ').Select(f => int.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            int s = fields[0], a = fields[1];
            var v = new uint[Bits];
            for (var k = 0; k < s; k++)
            {
                v[k] = (uint)fields[2 + k] << (Bits - 1 - k);
            }

            // Recurrence from the primitive polynomial x^s + a_1 x^(s-1) + … + a_(s-1) x + 1.
            for (var k = s; k < Bits; k++)
            {
                var value = v[k - s] ^ (v[k - s] >> s);
                for (var j = 1; j < s; j++)
                {
                    if (((a >> (s - 1 - j)) & 1) != 0)
                    {
                        value ^= v[k - j];
                    }
                }

                v[k] = value;
            }

            vectors[d] = v;
        }

        return vectors;
    }
}
