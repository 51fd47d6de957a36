using System.Text.Json;

namespace Routero.Admin;

/// <summary>
/// Finds a field named twice in one JSON object. JSON readers disagree on which of the two wins, so an admin body
/// that names a field twice is refused rather than guessed at.
/// </summary>
internal static class JsonDuplicates
{
    /// <summary>The path of the first duplicated field (<c>metadata.x</c>, <c>member[1].role</c>), or null. Expects valid JSON.</summary>
    public static string? Find(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var scopes = new Stack<Scope>();
        string? pending = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var name = reader.GetString()!;
                    var scope = scopes.Peek();
                    if (!scope.Names!.Add(name)) return Join(scope.Path, name);
                    pending = Join(scope.Path, name);
                    break;
                case JsonTokenType.StartObject:
                    scopes.Push(new Scope(Child(scopes, ref pending), []));
                    break;
                case JsonTokenType.StartArray:
                    scopes.Push(new Scope(Child(scopes, ref pending), null));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    scopes.Pop();
                    break;
                default:
                    if (scopes.Count > 0 && scopes.Peek().Names is null) scopes.Peek().Index++;
                    pending = null;
                    break;
            }
        }
        return null;
    }

    /// <summary>The path of a container that starts now: the field it is the value of, or its place in an array.</summary>
    private static string Child(Stack<Scope> scopes, ref string? pending)
    {
        if (scopes.Count == 0) return "";
        var parent = scopes.Peek();
        if (parent.Names is not null) return pending ?? parent.Path;
        pending = null;
        return $"{parent.Path}[{parent.Index++}]";
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>An object (with the names seen so far) or an array (with the index of its next item).</summary>
    private sealed class Scope(string path, HashSet<string>? names)
    {
        public string Path { get; } = path;
        public HashSet<string>? Names { get; } = names;
        public int Index { get; set; }
    }
}
