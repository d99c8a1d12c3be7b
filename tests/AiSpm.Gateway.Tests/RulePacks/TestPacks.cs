using System.Text.Json.Nodes;

namespace AiSpm.Gateway.Tests.RulePacks;

/// <summary>Tiny rule packs in a temporary folder: one or two rules compile in milliseconds on either engine.</summary>
internal sealed class TestPacks : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("aispm-reload-").FullName;

    /// <summary>Writes (or rewrites) pack <paramref name="pack"/> with one rule per (id, regex).</summary>
    public void Write(string pack, string version, params (string Id, string Regex)[] rules)
    {
        var list = new JsonArray();
        foreach (var (id, regex) in rules)
        {
            list.Add(new JsonObject
            {
                ["id"] = id,
                ["title"] = id,
                ["category"] = "prompt_injection",
                ["severity"] = "high",
                ["phase"] = "both",
                ["patterns"] = new JsonArray(new JsonObject { ["regex"] = regex, ["flags"] = "" }),
                ["redact"] = false,
            });
        }

        var json = new JsonObject { ["pack"] = pack, ["version"] = version, ["rules"] = list };
        WriteRaw(pack + ".json", json.ToJsonString());
    }

    /// <summary>Replaces the file atomically, as a deployment tool would, so a reader never sees half of it.</summary>
    public void WriteRaw(string fileName, string content)
    {
        var tmp = Path.Combine(Directory, "." + fileName + ".tmp");
        File.WriteAllText(tmp, content);
        File.Move(tmp, Path.Combine(Directory, fileName), overwrite: true);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
