using System.IO.Pipelines;
using System.Text;
using AiSpm.Gateway.Bedrock.Guardrails;
using AiSpm.Gateway.Buffers;
using AiSpm.Gateway.Errors;
using AiSpm.Gateway.Streaming;

namespace AiSpm.Gateway.Bedrock;

/// <summary>
/// The Bedrock guardrail on a streamed answer. The answer's text is checked in segments of at least
/// <see cref="BedrockGuardrailOptions.StreamSegmentBytes"/> (as Bedrock's own synchronous stream processing does), and
/// once more at the end, before the last frames leave. A frame leaves only when the guardrail has passed its text and
/// <see cref="StreamRelayContext.HoldbackBytes"/> more: each check also sends that much of the text before it, so an
/// entity of up to that length that straddles two segments is seen whole before any of it has left, the same bound
/// AiSpm's own stream-mode detection holds. Checking each delta would cost a round trip per token; checking only at the
/// end would hold the whole answer back. Masked outputs cannot be written back into model-specific deltas, so a masking
/// intervention ends the stream like a block.
/// </summary>
internal sealed partial class BedrockStreamRelay
{
    /// <summary>The text position frames may be released up to, before AiSpm's own hold-back is applied.</summary>
    private static long Releasable(GuardrailScope? scope, StreamRelayContext relay, long scanned) =>
        scope is null || !relay.Exchange.Enforce ? scanned : Math.Min(scanned, scope.Cleared);

    /// <summary>Sends the unchecked text (and the context before it) to the guardrail. Returns the error that ends the stream, or null.</summary>
    private async Task<GatewayError?> CheckSegmentAsync(GuardrailScope scope, StreamRelayContext relay, long position, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetString(scope.Pending.Span);
        var verdict = await guardrails!.RunAsync(scope.Options, "OUTPUT", [new TextSpan(0, 0, text)], relay.Exchange, canMask: false, cancellationToken).ConfigureAwait(false);
        switch (verdict.Decision)
        {
            case GuardrailDecision.Block or GuardrailDecision.Mask:
                return BedrockErrors.GuardrailBlocked(verdict.Guardrail, "response");
            case GuardrailDecision.Unavailable:
                return BedrockErrors.GuardrailUnavailable;
        }

        scope.Cleared = position;
        scope.KeepContext();
        return null;
    }

    private static async Task EndWithAsync(PipeWriter output, GatewayError error, CancellationToken cancellationToken)
    {
        WriteException(output, error);
        await HoldBack.FlushAsync(output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One streamed answer's guardrail state: the text not yet checked, after the context kept from the last check.</summary>
    private sealed class GuardrailScope(BedrockGuardrailOptions options, PooledBody pending, int context)
    {
        public BedrockGuardrailOptions Options { get; } = options;

        public PooledBody Pending { get; } = pending;

        /// <summary>The text position up to which the guardrail has passed the answer.</summary>
        public long Cleared { get; set; }

        /// <summary>Drops checked text but its last <c>context</c> bytes, starting on a UTF-8 character boundary.</summary>
        public void KeepContext()
        {
            var drop = Math.Max(0, Pending.Length - context);
            var span = Pending.Span;
            while (drop < span.Length && (span[drop] & 0xC0) == 0x80)
            {
                drop++;
            }

            Pending.Compact(drop);
        }
    }
}
