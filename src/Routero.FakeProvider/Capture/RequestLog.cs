namespace Routero.FakeProvider.Capture;

/// <summary>Thread-safe ring buffer of the most recent requests.</summary>
internal sealed class RequestLog
{
    public const int Capacity = 256;

    private readonly CapturedRequest[] _items = new CapturedRequest[Capacity];
    private readonly Lock _gate = new();
    private int _next;
    private int _count;

    public void Add(CapturedRequest request)
    {
        lock (_gate)
        {
            _items[_next] = request;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
        }
    }

    /// <summary>Oldest first.</summary>
    public CapturedRequest[] Snapshot()
    {
        lock (_gate)
        {
            var result = new CapturedRequest[_count];
            var start = (_next - _count + Capacity) % Capacity;
            for (var i = 0; i < _count; i++)
            {
                result[i] = _items[(start + i) % Capacity];
            }

            return result;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            Array.Clear(_items);
            _next = 0;
            _count = 0;
        }
    }
}
