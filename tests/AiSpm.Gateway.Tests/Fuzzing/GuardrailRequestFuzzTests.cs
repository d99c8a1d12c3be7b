using System.Text.Json;
using AiSpm.Gateway.Guardrail;
using AiSpm.Testing.Fuzzing;
using CsCheck;

namespace AiSpm.Gateway.Tests.Fuzzing;

public class GuardrailRequestFuzzTests
{
    [Fact]
    public void MutatedGuardrailBodiesEitherBindOrFailAsJsonErrors() =>
        FuzzInputs.Mutated(FuzzSeeds.GuardrailRequests).Sample(body =>
        {
            try
            {
                _ = JsonSerializer.Deserialize(body, GuardrailJsonContext.Default.GuardrailRequest);
            }
            catch (JsonException)
            {
                // The endpoint answers invalid_json or invalid_field for these; anything else would be a 500.
            }
        }, iter: FuzzInputs.Iterations);
}
