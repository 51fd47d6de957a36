using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Routero.Storage;
using Routero.Tenancy;

namespace Routero.Accounting;

/// <summary>
/// The embedded silo's spend journal: a ring of entries in one file beside the database. A request's spend
/// record, and the budget counters queued before it, are written to it (one <c>pwrite</c>, no <c>fsync</c>) before
/// its answer goes out; the group commit makes them durable in the database afterwards and frees their space. A
/// write returned by the kernel is in its page cache, which outlives the process: if the silo is killed before the
/// batch commits, the next start finds the entries above the database's mark (<see cref="ISpendJournalStore"/>) and
/// writes them (<see cref="SpendJournalRecovery"/>). A power loss or kernel crash may lose the entries of the batch
/// that had not committed; the database itself stays whole.
/// <para>
/// Layout: a 4 KiB header (file magic, version, the journal's id, the ring's size), then the ring. An entry is
/// 8-byte aligned: magic, payload length, sequence number, CRC-32C of sequence and payload, then the payload (its
/// items: counters, then at most one record). A reader finds entries by their magic and checksum, so a torn last
/// entry or the ring's older laps are skipped. Not thread-safe: the spend writer calls it under its lock.
/// </para>
/// </summary>
public sealed class SpendJournal : IDisposable
{
    /// <summary>The header's size; the ring follows it.</summary>
    public const int HeaderBytes = 4096;

    private const ulong FileMagic = 0x3130_4A50_534F_5452; // "RTOSPJ01", little-endian
    private const int Version = 1;
    private const uint EntryMagic = 0x4A53_5452;           // "RTSJ"
    private const int EntryHeaderBytes = 24;
    private const byte CounterItem = 1;
    private const byte RecordItem = 2;
    private const ushort NullString = ushort.MaxValue;

    private readonly SafeFileHandle _file;
    private byte[] _buffer = new byte[1024];
    private int _staged = EntryHeaderBytes;
    private bool _stagingFailed;
    private long _released;

    private SpendJournal(SafeFileHandle file, string id, long capacity, long sequence) =>
        (_file, Id, Capacity, Sequence) = (file, id, capacity, sequence);

    /// <summary>The journal's id (its header's; the database's mark names it).</summary>
    public string Id { get; }

    /// <summary>The ring's size in bytes.</summary>
    public long Capacity { get; }

    /// <summary>The sequence number of the last entry written (entries count up from the one after the mark it started at).</summary>
    public long Sequence { get; private set; }

    /// <summary>How far the ring has been written, in bytes since the journal was created (never wraps).</summary>
    public long Position { get; private set; }

    /// <summary>Bytes written and not yet released by a commit.</summary>
    public long Pending => Position - _released;

    /// <summary>
    /// What <see cref="SpendJournalRecovery"/> wrote from the previous journal before this one was created, for the spend
    /// writer to hand its observer once (<see cref="TakeRecovered"/>); null when nothing was recovered.
    /// </summary>
    internal (IReadOnlyList<SpendRecord> Records, IReadOnlyList<BudgetCounter> Counters)? Recovered { private get; set; }

    /// <summary>The recovered spend, once (null afterwards, or when there was none).</summary>
    internal (IReadOnlyList<SpendRecord> Records, IReadOnlyList<BudgetCounter> Counters)? TakeRecovered()
    {
        var recovered = Recovered;
        Recovered = null;
        return recovered;
    }

    /// <summary>
    /// Creates (or empties) the journal file: its header, and a ring of <paramref name="capacity"/> bytes. The next
    /// entry gets sequence number <paramref name="lastSequence"/> + 1.
    /// </summary>
    public static SpendJournal Create(string path, string id, long capacity, long lastSequence)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (capacity < 64 * 1024 || capacity % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The spend journal needs at least 64 KiB, in multiples of 8 bytes.");
        var idBytes = Encoding.ASCII.GetBytes(id);
        if (idBytes.Length > 64) throw new ArgumentException("A journal id has at most 64 ASCII characters.", nameof(id));
        var file = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            RandomAccess.SetLength(file, HeaderBytes + capacity);
            var header = new byte[HeaderBytes];
            BinaryPrimitives.WriteUInt64LittleEndian(header, FileMagic);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), Version);
            BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), capacity);
            header[24] = (byte)idBytes.Length;
            idBytes.CopyTo(header.AsSpan(25));
            RandomAccess.Write(file, header, 0);
            return new SpendJournal(file, id, capacity, lastSequence);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Queues a level's counters into the next entry (written with the next record).</summary>
    /// <remarks>A counter that cannot be staged (an id too long for an entry) makes the next <see cref="TryAppend"/> fail.</remarks>
    public void StageCounter(EntityKind kind, string id, DateTimeOffset windowStart, long windowSpentNanos, long lifetimeSpentNanos)
    {
        var mark = _staged;
        if (!TryStageCounter(kind, id, windowStart, windowSpentNanos, lifetimeSpentNanos))
        {
            _staged = mark;
            _stagingFailed = true;
        }
    }

    /// <summary>
    /// Writes the staged counters and <paramref name="record"/> as one entry. False when the ring has no room for it
    /// (the database has fallen behind) or the write failed: the entry is dropped from the journal (it is still in
    /// the writer's batch), and the caller must wait for the batch to commit before answering.
    /// </summary>
    public bool TryAppend(SpendRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            if (_stagingFailed || !TryStageRecord(record)) return false;
            var length = Align(_staged);
            var physical = Position % Capacity;
            var waste = physical + length > Capacity ? Capacity - physical : 0;
            if (Pending + waste + length > Capacity) return false;
            var sequence = Sequence + 1;
            var entry = _buffer.AsSpan(0, length);
            entry[_staged..].Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(entry, EntryMagic);
            BinaryPrimitives.WriteInt32LittleEndian(entry[4..], _staged - EntryHeaderBytes);
            BinaryPrimitives.WriteInt64LittleEndian(entry[8..], sequence);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[16..], Checksum(entry[8..16], entry[EntryHeaderBytes.._staged]));
            BinaryPrimitives.WriteUInt32LittleEndian(entry[20..], 0);
            RandomAccess.Write(_file, entry, HeaderBytes + (waste > 0 ? 0 : physical));
            Position += waste + length;
            Sequence = sequence;
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            return false; // a failed write, or a journal closed by a stopping writer: the caller waits for the commit
        }
        finally
        {
            (_staged, _stagingFailed) = (EntryHeaderBytes, false);
        }
    }

    /// <summary>Frees the ring up to <paramref name="position"/> (a <see cref="Position"/> taken when a batch that has now committed was cut).</summary>
    public void Release(long position) => _released = Math.Max(_released, Math.Min(position, Position));

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    /// <summary>
    /// Reads a journal file: its id and every whole entry in it, in sequence order (older laps' entries included: the
    /// caller keeps those above its mark). Null when the file is missing or is not a journal.
    /// </summary>
    public static JournalContents? Read(string path)
    {
        if (!File.Exists(path)) return null;
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderBytes || BinaryPrimitives.ReadUInt64LittleEndian(bytes) != FileMagic
            || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)) != Version)
            return null;
        var capacity = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16));
        var idLength = bytes[24];
        if (idLength == 0 || idLength > 64 || capacity <= 0 || HeaderBytes + capacity > bytes.Length) return null;
        var id = Encoding.ASCII.GetString(bytes, 25, idLength);
        var ring = bytes.AsSpan(HeaderBytes, (int)capacity);
        var entries = new List<JournalEntry>();
        var torn = 0;
        for (var offset = 0; offset + EntryHeaderBytes <= ring.Length;)
        {
            var at = ring[offset..];
            if (BinaryPrimitives.ReadUInt32LittleEndian(at) != EntryMagic)
            {
                offset += 8;
                continue;
            }
            var payload = BinaryPrimitives.ReadInt32LittleEndian(at[4..]);
            if (payload < 0 || EntryHeaderBytes + payload > at.Length
                || BinaryPrimitives.ReadUInt32LittleEndian(at[16..]) != Checksum(at[8..16], at.Slice(EntryHeaderBytes, payload)))
            {
                torn++;
                offset += 8;
                continue;
            }
            var sequence = BinaryPrimitives.ReadInt64LittleEndian(at[8..]);
            entries.Add(ParseEntry(sequence, at.Slice(EntryHeaderBytes, payload)));
            offset += Align(EntryHeaderBytes + payload);
        }
        entries.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return new JournalContents(id, capacity, entries, torn);
    }

    private bool TryStageCounter(EntityKind kind, string id, DateTimeOffset windowStart, long window, long lifetime)
    {
        if (!Reserve(2)) return false;
        _buffer[_staged++] = CounterItem;
        _buffer[_staged++] = (byte)kind;
        return TryString(id) && TryInt64(windowStart.UtcTicks) && TryInt64(window) && TryInt64(lifetime);
    }

    private bool TryStageRecord(SpendRecord r)
    {
        if (!Reserve(1)) return false;
        _buffer[_staged++] = RecordItem;
        return TryString(r.RequestId) && TryInt64(r.Timestamp.UtcTicks) && TryString(r.KeyId) && TryString(r.TeamId)
            && TryString(r.UserId) && TryString(r.OrganizationId) && TryString(r.CustomerId) && TryString(r.Model)
            && TryString(r.Deployment) && TryString(r.CallType) && TryInt64(r.PromptTokens) && TryInt64(r.CompletionTokens)
            && TryInt64(r.SpendNanos) && TryInt64(r.UsageEstimated ? 1 : 0) && TryInt64(r.Status);
    }

    private bool TryInt64(long value)
    {
        if (!Reserve(8)) return false;
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_staged), value);
        _staged += 8;
        return true;
    }

    // UTF-8 behind a 16-bit length (NullString for null); a string longer than that is not journaled.
    private bool TryString(string? value)
    {
        if (value is null)
        {
            if (!Reserve(2)) return false;
            BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_staged), NullString);
            _staged += 2;
            return true;
        }
        var bytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (!Reserve(2 + bytes)) return false;
        var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_staged + 2));
        if (written >= NullString) return false;
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_staged), (ushort)written);
        _staged += 2 + written;
        return true;
    }

    private bool Reserve(int bytes)
    {
        var needed = Align(_staged + bytes);
        if (needed > Capacity) return false;
        if (needed > _buffer.Length) Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        return true;
    }

    private static JournalEntry ParseEntry(long sequence, ReadOnlySpan<byte> payload)
    {
        var counters = new List<BudgetCounter>();
        SpendRecord? record = null;
        var reader = new ItemReader(payload);
        while (!reader.AtEnd)
        {
            switch (reader.Byte())
            {
                case CounterItem:
                    var kind = (EntityKind)reader.Byte();
                    counters.Add(new BudgetCounter(kind, reader.String()!, new DateTimeOffset(reader.Int64(), TimeSpan.Zero), reader.Int64(), reader.Int64()));
                    break;
                case RecordItem:
                    record = new SpendRecord
                    {
                        RequestId = reader.String()!,
                        Timestamp = new DateTimeOffset(reader.Int64(), TimeSpan.Zero),
                        KeyId = reader.String()!,
                        TeamId = reader.String(),
                        UserId = reader.String(),
                        OrganizationId = reader.String(),
                        CustomerId = reader.String(),
                        Model = reader.String()!,
                        Deployment = reader.String(),
                        CallType = reader.String()!,
                        PromptTokens = (int)reader.Int64(),
                        CompletionTokens = (int)reader.Int64(),
                        SpendNanos = reader.Int64(),
                        UsageEstimated = reader.Int64() != 0,
                        Status = (int)reader.Int64(),
                    };
                    break;
                default:
                    throw new InvalidDataException($"Spend journal entry {sequence} holds an unknown item.");
            }
        }
        return new JournalEntry(sequence, counters, record);
    }

    private static int Align(int bytes) => (bytes + 7) & ~7;

    private static uint Checksum(ReadOnlySpan<byte> sequence, ReadOnlySpan<byte> payload)
    {
        var crc = Crc32C(~0u, sequence);
        return ~Crc32C(crc, payload);
    }

    private static uint Crc32C(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, MemoryMarshal.Read<ulong>(data));
            data = data[8..];
        }
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return crc;
    }

    private ref struct ItemReader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public readonly bool AtEnd => _rest.IsEmpty;

        public byte Byte()
        {
            var b = _rest[0];
            _rest = _rest[1..];
            return b;
        }

        public long Int64()
        {
            var v = BinaryPrimitives.ReadInt64LittleEndian(_rest);
            _rest = _rest[8..];
            return v;
        }

        public string? String()
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(_rest);
            _rest = _rest[2..];
            if (length == NullString) return null;
            var s = Encoding.UTF8.GetString(_rest[..length]);
            _rest = _rest[length..];
            return s;
        }
    }
}

/// <summary>What a journal file holds: its id, its ring's size, its whole entries in sequence order, and how many torn or overwritten entries were skipped.</summary>
public sealed record JournalContents(string Id, long Capacity, IReadOnlyList<JournalEntry> Entries, int Skipped);

/// <summary>One journal entry: the counters queued before a record, then the record.</summary>
public sealed record JournalEntry(long Sequence, IReadOnlyList<BudgetCounter> Counters, SpendRecord? Record);
