using System.Buffers;

namespace Routero.FakeProvider.Embeddings;

/// <summary>
/// The parts of an embeddings request the fake acts on: one seed per input, in order.
/// Owns a pooled array: dispose once, after the answer is written.
/// </summary>
internal readonly struct EmbeddingRequest(string model, ulong[] seeds, int inputCount, int promptTokens, bool base64, int dimensions)
    : IDisposable
{
    public string Model { get; } = model;

    /// <summary>FNV-1a hash of each input, which seeds its vector.</summary>
    public ReadOnlyMemory<ulong> Seeds => seeds.AsMemory(0, inputCount);

    public int PromptTokens { get; } = promptTokens;

    public bool Base64 { get; } = base64;

    public int Dimensions { get; } = dimensions;

    public void Dispose() => ArrayPool<ulong>.Shared.Return(seeds);
}
