using System.Text;

namespace HyperSearch.Data.Tests;

public sealed class CsvDatasetParserTests
{
    private static RawDataset Parse(string csv, string label = "label", CsvLimits? limits = null) =>
        CsvDatasetParser.Parse(Encoding.UTF8.GetBytes(csv), label, limits, "upload.csv");

    private static DatasetFormatException Fails(string csv, string label = "label", CsvLimits? limits = null) =>
        Assert.Throws<DatasetFormatException>(() => Parse(csv, label, limits));

    [Fact]
    public void Parse_MapsSortedDistinctLabelsToIds_AndKeepsTheNames()
    {
        var data = Parse("x,label,y\n1,setosa,2\n3.5,virginica,-4e1\n5,setosa,6\n7,versicolor,8\n");

        Assert.Equal(DatasetKind.Csv, data.Kind);
        Assert.Equal(["setosa", "versicolor", "virginica"], data.ClassNames);
        Assert.Equal([0, 2, 0, 1], data.Train.Labels.ToArray());
        Assert.Equal(2, data.FeatureCount);
        Assert.Equal(["x", "y"], data.FeatureNames);
        Assert.Equal([1f, 2f, 3.5f, -40f, 5f, 6f, 7f, 8f], data.Train.Values.ToArray());
        Assert.Null(data.Test);
    }

    [Fact]
    public void Parse_AcceptsQuotesCrlfBomBlankLinesAndANamedLabelColumn()
    {
        var csv = "\uFEFFa,\"b\",Kind\r\n\"1\",2,\"big, \"\"red\"\"\"\r\n\r\n3,4,small\r\n";

        var data = Parse(csv, label: "kind");

        Assert.Equal(["big, \"red\"", "small"], data.ClassNames);
        Assert.Equal([1f, 2f, 3f, 4f], data.Train.Values.ToArray());
    }

    [Fact]
    public void Parse_Throws_OnARaggedRow_NamingTheLine()
    {
        var e = Fails("a,b,label\n1,2,x\n3,4\n5,6,y\n");

        Assert.Equal(3, e.Line);
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("2 fields; the header has 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Throws_OnANonNumericFeature_NamingLineAndColumn()
    {
        var e = Fails("a,b,label\n1,2,x\n3,abc,y\n");

        Assert.Equal((3, 2, "b"), (e.Line, e.Column, e.ColumnName));
        Assert.Contains("upload.csv, line 3, column 2 ('b'): 'abc' is not a number", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,label\n1,x\n,y\n", "empty")]
    [InlineData("a,label\nNaN,x\n2,y\n", "finite")]
    [InlineData("a,label\n1,x\n2,\n", "label is empty")]
    public void Parse_Throws_OnBadCells(string csv, string expected)
    {
        var e = Fails(csv);

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("\n\n", "empty")]
    [InlineData("a,label\n", "no data rows")]
    [InlineData("a,b\n1,2\n", "no label column 'label'")]
    [InlineData("label\nx\ny\n", "at least one feature column")]
    [InlineData("a,label\n1,x\n2,x\n", "at least 2 classes")]
    [InlineData("a,label\n1,\"x\n", "never closed")]
    [InlineData("a,label\n1,x\"y\n", "quote appears inside an unquoted field")]
    public void Parse_Throws_OnMalformedFiles(string csv, string expected)
    {
        var e = Fails(csv);

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CountsLinesInsideQuotedFields_AndBlankLines()
    {
        var e = Fails("a,label\n1,\"two\nlines\"\n\n2,y\n3,x,extra\n");

        Assert.Equal(6, e.Line);
    }

    [Fact]
    public void Parse_EnforcesTheLimits()
    {
        var limits = new CsvLimits { MaxBytes = 1000, MaxRows = 3, MaxColumns = 3, MaxClasses = 2 };

        Assert.Contains("more than 3 data rows", Fails("a,label\n1,x\n2,y\n3,x\n4,y\n", limits: limits).Message, StringComparison.Ordinal);
        Assert.Contains("4 columns; the limit is 3", Fails("a,b,c,label\n1,2,3,x\n", limits: limits).Message, StringComparison.Ordinal);
        Assert.Contains("3 distinct values", Fails("a,label\n1,x\n2,y\n3,z\n", limits: limits).Message, StringComparison.Ordinal);
        Assert.Contains("limit", Fails("a,label\n" + new string('1', 2000) + ",x\n", limits: limits).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParseAsync_RejectsAnOversizedStream_WithoutReadingItAll()
    {
        var stream = new MemoryStream(new byte[1_000_000]);

        var e = await Assert.ThrowsAsync<DatasetFormatException>(
            () => CsvDatasetParser.ParseAsync(stream, limits: new CsvLimits { MaxBytes = 100 }));

        Assert.Contains("larger than the limit of 100 bytes", e.Message, StringComparison.Ordinal);
        Assert.True(stream.Position < 1_000_000);
    }

    [Fact]
    public void Parse_HandlesManyRows()
    {
        var sb = new StringBuilder("f1,f2,f3,label\n");
        for (var i = 0; i < 5000; i++)
        {
            sb.Append(i).Append(',').Append(i * 0.5).Append(",-1,").Append(i % 3 == 0 ? "a" : "b").Append('\n');
        }

        var data = Parse(sb.ToString());

        Assert.Equal(5000, data.Count);
        Assert.Equal(4999 * 0.5f, data.Train.Values.Span[(4999 * 3) + 1]);
    }
}
