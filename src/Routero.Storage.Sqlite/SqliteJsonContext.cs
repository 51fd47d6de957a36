using System.Text.Json.Serialization;

namespace Routero.Storage.Sqlite;

/// <summary>Source-generated JSON for the id lists handed to <c>json_each</c>: no reflection on the query path.</summary>
[JsonSerializable(typeof(IReadOnlyCollection<string>))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
