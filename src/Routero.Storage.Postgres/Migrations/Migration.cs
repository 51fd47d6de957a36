namespace Routero.Storage.Postgres.Migrations;

/// <summary>One schema step. Versions only grow; an applied step is never edited, only followed.</summary>
internal sealed record Migration(int Version, string Sql);
