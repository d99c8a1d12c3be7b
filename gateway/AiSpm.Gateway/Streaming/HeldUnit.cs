namespace AiSpm.Gateway.Streaming;

/// <summary>
/// One held-back unit of a scanned stream (an SSE event or an AWS event-stream frame): where its bytes end in the
/// hold-back buffer and where its text ends in the scanned text.
/// </summary>
internal readonly record struct HeldUnit(int ByteEnd, long TextEnd, bool CarriesText);
