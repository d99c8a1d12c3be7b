using AiSpm.Detection.Engines;
using AiSpm.Detection.Normalization;
using AiSpm.Detection.Rules;
using AiSpm.Detection.Validation;

namespace AiSpm.Detection;

public sealed partial class Inspector
{
    /// <summary>Scans one plain UTF-8 text (guardrail API, eval, red-team); offsets are into <paramref name="utf8Text"/>.</summary>
    public void ScanText(ReadOnlySpan<byte> utf8Text, ScanPhase phase, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var state = ScanState.Current;
        state.Reset(Rules.Count);
        state.StartSegment();
        Normalizer.Normalize(utf8Text, jsonEscaped: false, 0, state.Text);
        ScanNormalized(state, phase, findings);
    }

    /// <summary>Engine scan of everything normalized into <paramref name="state"/>, then validation, mapping and the learned stage.</summary>
    private void ScanNormalized(ScanState state, ScanPhase phase, FindingList findings)
    {
        var text = state.Text;
        if (text.Length == 0)
        {
            return;
        }

        _engine.Scan(text.Bytes, phase, state.Sink);
        state.Sink.Canonicalize();
        foreach (var m in state.Sink.Matches)
        {
            AddIfConfirmed(m, phase, text, state.Segments, findings);
        }

        if (_scorer is not null && (phase & ScanPhase.Request) != 0)
        {
            var segments = state.Segments;
            for (var i = 0; i < segments.Length; i++)
            {
                var end = i + 1 < segments.Length ? segments[i + 1] : text.Length;
                if (end > segments[i])
                {
                    RunScorer(text, segments[i], end, findings);
                }
            }
        }
    }

    private void RunScorer(NormalizedText text, int start, int end, FindingList findings)
    {
        var result = _scorer!.Score(text.Bytes[start..end]);
        if (result.Fired)
        {
            var (s, e) = text.MapToSource(start, end);
            findings.Add(new Finding(_scorerRules[result.ClassIndex], s, e, result.Probability));
        }
    }

    internal void AddIfConfirmed(in RawMatch m, ScanPhase phase, NormalizedText text, ReadOnlySpan<int> segments, FindingList findings)
    {
        var def = _definitions[m.Rule];
        if ((def.Info.Phase & phase) == 0)
        {
            return;
        }

        var start = m.Start;
        var end = m.End;

        // Body scans put each JSON string in its own segment; a span must stay inside the string it starts in so a
        // redaction never touches JSON structure.
        if (segments.Length > 1)
        {
            var seg = segments.BinarySearch(start);
            seg = seg >= 0 ? seg : ~seg - 1;
            if (seg + 1 < segments.Length && end > segments[seg + 1])
            {
                end = segments[seg + 1];
            }
        }

        var bytes = text.Bytes[start..end];
        if (!Confirm(def, bytes))
        {
            return;
        }

        var (s, e) = text.MapToSource(start, end);
        findings.Add(new Finding(m.Rule, s, e, 1f));
    }

    private static bool Confirm(RuleDefinition def, ReadOnlySpan<byte> candidate)
    {
        var ok = def.Validator switch
        {
            ValidatorKind.Luhn => Validators.Luhn(candidate),
            ValidatorKind.Iban => Validators.Iban(candidate),
            ValidatorKind.UsSsn => Validators.UsSsn(candidate),
            ValidatorKind.GitHubToken => Validators.GitHubToken(candidate),
            ValidatorKind.IpAddress => Validators.IpAddress(candidate),
            ValidatorKind.ImpersonalTask => TaskLine.AtEitherEdge(candidate),
            _ => true,
        };
        if (!ok)
        {
            return false;
        }

        var random = def.Validator is ValidatorKind.Entropy or ValidatorKind.RandomToken;
        var minEntropy = def.MinEntropy ?? (random ? 3.5 : null);
        if (minEntropy is { } min)
        {
            var value = def.Validator == ValidatorKind.Entropy ? Validators.AssignedValue(candidate) : candidate;
            var looksRandom = def.Validator switch
            {
                ValidatorKind.RandomToken => Validators.LooksLikeToken(value),
                ValidatorKind.Entropy => Validators.LooksRandom(value, requireDigits: false),
                _ => true,
            };
            if (!looksRandom)
            {
                return false;
            }

            return Validators.Entropy(value) >= min;
        }

        return true;
    }
}
