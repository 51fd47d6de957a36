namespace Routero.FakeProvider.Behaviours;

/// <summary>
/// Thrown by a <c>cut-N</c> stream once its N events are out. Kestrel answers an exception after
/// the response started by closing the connection without the final empty chunk, but only after
/// sending what was flushed: unlike <see cref="HttpContext.Abort"/>, which can drop flushed
/// events still queued in the transport, so the client would not reliably see N events.
/// </summary>
internal sealed class StreamCutException() : Exception("cut-N: the fake provider dropped the stream on purpose.");
