using System.Text;
using Routero.Streaming;

namespace Routero.Core.Tests.Streaming;

public sealed class SseRelayScannerTests
{
    private const string Content1 = "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n";
    private const string Content2 = "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\n";
    private const string UsageChunk = "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":34,\"total_tokens\":46}}\n\n";
    private const string DoneLine = "data: [DONE]\n\n";

    private static int Scan(SseRelayScanner sut, string chunk)
    {
        sut.Scan(Encoding.UTF8.GetBytes(chunk), out var doneAt);
        return doneAt;
    }

    [Fact]
    public void Scan_WhenChunkCarriesUsage_ReadsItAndCountsNoContent()
    {
        var sut = new SseRelayScanner();

        var doneAt = Scan(sut, UsageChunk);

        Assert.Equal(new Usage(12, 34), sut.Usage);
        Assert.Equal(0, sut.ContentEvents);
        Assert.Equal(-1, doneAt);
        Assert.False(sut.SawDone);
    }

    [Fact]
    public void Scan_WhenDataEventsArrive_CountsThemAsContent()
    {
        var sut = new SseRelayScanner();

        Scan(sut, Content1 + Content2 + Content1);

        Assert.Equal(3, sut.ContentEvents);
        Assert.Null(sut.Usage);
    }

    [Fact]
    public void Scan_WhenLinesAreNotDataLines_IgnoresThem()
    {
        var sut = new SseRelayScanner();

        Scan(sut, ": keep-alive\n\nevent: message\nid: 7\nretry: 100\n\n" + Content1);

        Assert.Equal(1, sut.ContentEvents);
    }

    [Fact]
    public void Scan_WhenUsageIsNull_CountsTheChunkAsContent()
    {
        var sut = new SseRelayScanner();

        Scan(sut, "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"usage\":null}\n\n");

        Assert.Equal(1, sut.ContentEvents);
        Assert.Null(sut.Usage);
    }

    [Fact]
    public void Scan_WhenDoneFollowsContentInTheSameChunk_ReportsWhereTheDoneLineStarts()
    {
        var sut = new SseRelayScanner();
        const string chunk = Content1 + UsageChunk + DoneLine;

        var doneAt = Scan(sut, chunk);

        Assert.Equal(chunk.IndexOf("data: [DONE]", StringComparison.Ordinal), doneAt);
        Assert.Equal(Content1.Length + UsageChunk.Length, doneAt);
        Assert.True(sut.SawDone);
        Assert.Equal(1, sut.ContentEvents);
        Assert.Equal(new Usage(12, 34), sut.Usage);
    }

    [Fact]
    public void Scan_WhenDoneIsTheWholeChunk_ReportsZero()
    {
        var sut = new SseRelayScanner();

        var doneAt = Scan(sut, DoneLine);

        Assert.Equal(0, doneAt);
        Assert.True(sut.SawDone);
        Assert.Equal(0, sut.ContentEvents);
    }

    [Fact]
    public void Scan_WhenDoneHasNoSpaceAfterTheColon_StillRecognisesIt()
    {
        var sut = new SseRelayScanner();

        var doneAt = Scan(sut, Content1 + "data:[DONE]\n\n");

        Assert.Equal(Content1.Length, doneAt);
        Assert.True(sut.SawDone);
    }

    [Fact]
    public void Scan_WhenTextMerelyContainsDone_DoesNotTreatItAsDone()
    {
        var sut = new SseRelayScanner();

        var doneAt = Scan(sut, "data: {\"choices\":[{\"delta\":{\"content\":\"[DONE]\"}}]}\n\n");

        Assert.Equal(-1, doneAt);
        Assert.False(sut.SawDone);
        Assert.Equal(1, sut.ContentEvents);
    }

    [Fact]
    public void Scan_WhenAContentLineIsSplitAcrossReads_CountsItOnceWhenItCompletes()
    {
        var sut = new SseRelayScanner();
        var cut = Content1.Length / 2;

        var first = Scan(sut, Content1[..cut]);
        var countAfterFirst = sut.ContentEvents;
        var second = Scan(sut, Content1[cut..]);

        Assert.Equal(0, countAfterFirst);
        Assert.Equal(1, sut.ContentEvents);
        Assert.Equal(-1, first);
        Assert.Equal(-1, second);
    }

    [Fact]
    public void Scan_WhenTheUsageChunkIsSplitAcrossReads_ReadsItWhenItCompletes()
    {
        var sut = new SseRelayScanner();
        var cut = UsageChunk.IndexOf("prompt_", StringComparison.Ordinal) + 3;

        Scan(sut, Content1 + UsageChunk[..cut]);
        var usageAfterFirst = sut.Usage;
        Scan(sut, UsageChunk[cut..]);

        Assert.Null(usageAfterFirst);
        Assert.Equal(new Usage(12, 34), sut.Usage);
        Assert.Equal(1, sut.ContentEvents);
    }

    [Fact]
    public void Scan_WhenTheDoneLineIsSplitAcrossReads_ReportsZeroInTheReadThatCompletesIt()
    {
        var sut = new SseRelayScanner();

        var first = Scan(sut, Content1 + "data: [DO");
        var second = Scan(sut, "NE]\n\n");

        Assert.Equal(-1, first);
        Assert.False(first >= 0);
        Assert.Equal(0, second);
        Assert.True(sut.SawDone);
        Assert.Equal(1, sut.ContentEvents);
    }

    [Fact]
    public void Scan_WhenOnlyTheDoneLinesNewlineArrivesLater_ReportsZeroInThatRead()
    {
        var sut = new SseRelayScanner();

        var first = Scan(sut, "data: [DONE]");
        var sawDoneAfterFirst = sut.SawDone;
        var second = Scan(sut, "\n\n");

        Assert.Equal(-1, first);
        Assert.False(sawDoneAfterFirst);
        Assert.Equal(0, second);
    }

    [Fact]
    public void Scan_WhenALineSpansThreeReads_JoinsAllOfThem()
    {
        var sut = new SseRelayScanner();

        Scan(sut, "data: {\"choices\":[],");
        Scan(sut, "\"usage\":{\"prompt_tokens\":1,");
        Scan(sut, "\"completion_tokens\":2}}\n\n" + DoneLine);

        Assert.Equal(new Usage(1, 2), sut.Usage);
        Assert.True(sut.SawDone);
    }

    [Fact]
    public void Scan_WhenACarriedLineOutgrowsTheCarryBuffer_StillParsesIt()
    {
        var sut = new SseRelayScanner();
        var longText = new string('x', 5_000);
        var line = "data: {\"choices\":[{\"delta\":{\"content\":\"" + longText + "\"}}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":8}}\n\n";

        for (var i = 0; i < line.Length; i += 100) Scan(sut, line.Substring(i, Math.Min(100, line.Length - i)));

        Assert.Equal(new Usage(9, 8), sut.Usage);
        Assert.Equal(0, sut.ContentEvents);
    }

    [Fact]
    public void Scan_WhenLinesEndWithCrLf_ParsesThemAndReportsDone()
    {
        var sut = new SseRelayScanner();
        var chunk = (Content1 + UsageChunk + DoneLine).Replace("\n", "\r\n", StringComparison.Ordinal);

        var doneAt = Scan(sut, chunk);

        Assert.Equal(chunk.IndexOf("data: [DONE]", StringComparison.Ordinal), doneAt);
        Assert.Equal(1, sut.ContentEvents);
        Assert.Equal(new Usage(12, 34), sut.Usage);
    }

    [Fact]
    public void Scan_WhenACrLfIsSplitBetweenReads_ReportsDoneInTheReadWithTheLineFeed()
    {
        var sut = new SseRelayScanner();

        var first = Scan(sut, "data: [DONE]\r");
        var second = Scan(sut, "\n\r\n");

        Assert.Equal(-1, first);
        Assert.Equal(0, second);
        Assert.True(sut.SawDone);
    }

    [Fact]
    public void Scan_WhenFedOneByteAtATime_MatchesScanningTheWholeStream()
    {
        const string stream = Content1 + ": ping\n\n" + Content2 + UsageChunk + DoneLine;
        var whole = new SseRelayScanner();
        var bytewise = new SseRelayScanner();
        Scan(whole, stream);

        var doneReports = new List<(int Index, int DoneAt)>();
        var bytes = Encoding.UTF8.GetBytes(stream);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytewise.Scan(bytes.AsSpan(i, 1), out var doneAt);
            if (doneAt >= 0) doneReports.Add((i, doneAt));
        }

        Assert.Equal(whole.ContentEvents, bytewise.ContentEvents);
        Assert.Equal(whole.Usage, bytewise.Usage);
        Assert.Equal(2, bytewise.ContentEvents);
        Assert.Equal([(stream.IndexOf("[DONE]\n", StringComparison.Ordinal) + 6, 0)], doneReports);
    }

    [Fact]
    public void Scan_WhenAReadEndsMidLine_ReportsDoneForTheCompletedLineOnly()
    {
        var sut = new SseRelayScanner();
        const string chunk = DoneLine + "data: {\"partial";

        var doneAt = Scan(sut, chunk);

        Assert.Equal(0, doneAt);
        Assert.Equal(0, sut.ContentEvents);
    }

    [Fact]
    public void Scan_WhenChunkIsEmpty_ChangesNothing()
    {
        var sut = new SseRelayScanner();

        sut.Scan([], out var doneAt);

        Assert.Equal(-1, doneAt);
        Assert.Equal(0, sut.ContentEvents);
        Assert.Null(sut.Usage);
        Assert.False(sut.SawDone);
    }
}
