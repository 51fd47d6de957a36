using System.Buffers;

namespace Routero.FakeProvider.Embeddings;

/// <summary>Growable pooled list of input seeds. A mutable struct: pass by ref.</summary>
internal struct SeedList : IDisposable
{
    private ulong[]? _items;

    public int Count { get; private set; }

    public void Add(ulong seed)
    {
        if (_items is null || Count == _items.Length)
        {
            var grown = ArrayPool<ulong>.Shared.Rent(Math.Max(16, Count * 2));
            _items?.AsSpan(0, Count).CopyTo(grown);
            if (_items is not null)
            {
                ArrayPool<ulong>.Shared.Return(_items);
            }

            _items = grown;
        }

        _items[Count++] = seed;
    }

    /// <summary>Hands the rented array to a new owner.</summary>
    public ulong[] Detach()
    {
        var items = _items ?? ArrayPool<ulong>.Shared.Rent(1);
        _items = null;
        return items;
    }

    public void Dispose()
    {
        if (_items is not null)
        {
            ArrayPool<ulong>.Shared.Return(_items);
            _items = null;
        }
    }
}
