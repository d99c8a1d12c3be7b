using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace AiSpm.Detection.Engines.Hyperscan;

/// <summary>
/// Compiled databases kept on disk, keyed by the library version, the mode and every pattern with its flags. Compiling
/// a rule set of a few hundred rich regexes takes tens of seconds to minutes; loading a serialized database takes
/// milliseconds, so only the first start after a rule change pays. Any unreadable entry is recompiled.
/// </summary>
internal static unsafe class HsDatabaseCache
{
    public const string DirectoryVariable = "AISPM_HS_CACHE_DIR";

    public static string Directory { get; } = ResolveDirectory();

    public static string Key(uint mode, ReadOnlySpan<nint> expressions, ReadOnlySpan<uint> flags, ReadOnlySpan<uint> ids)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(Marshal.PtrToStringUTF8((nint)HsNative.Version()) ?? "?"));
        Span<byte> word = stackalloc byte[4];
        BitConverter.TryWriteBytes(word, mode);
        hash.AppendData(word);
        for (var i = 0; i < expressions.Length; i++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Marshal.PtrToStringUTF8(expressions[i]) ?? ""));
            BitConverter.TryWriteBytes(word, flags[i]);
            hash.AppendData(word);
            BitConverter.TryWriteBytes(word, ids[i]);
            hash.AppendData(word);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static HsDatabaseHandle? TryLoad(string key)
    {
        var path = PathOf(key);
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            // Read into native memory: a managed array of several megabytes would be zeroed first and land on the
            // large-object heap, only to be copied again by hs_deserialize_database.
            using (var file = File.OpenHandle(path))
            {
                var length = RandomAccess.GetLength(file);
                var buffer = (byte*)NativeMemory.Alloc((nuint)length);
                try
                {
                    var read = 0;
                    while (read < length)
                    {
                        var n = RandomAccess.Read(file, new Span<byte>(buffer + read, (int)(length - read)), read);
                        if (n == 0)
                        {
                            break;
                        }

                        read += n;
                    }

                    if (read == length && HsNative.DeserializeDatabase(buffer, (nuint)length, out var db) == HsNative.Success)
                    {
                        return HsDatabaseHandle.Wrap(db);
                    }
                }
                finally
                {
                    NativeMemory.Free(buffer);
                }
            }

            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>Writes through a temporary file and a rename, so a concurrent reader never sees half a database.</summary>
    public static void TrySave(string key, HsDatabaseHandle database)
    {
        if (HsNative.SerializeDatabase(database.DangerousGetHandle(), out var bytes, out var length) != HsNative.Success)
        {
            return;
        }

        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var path = PathOf(key);
            var temp = path + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
            using (var file = File.Create(temp))
            {
                file.Write(new ReadOnlySpan<byte>(bytes, checked((int)length)));
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        finally
        {
            // hs_serialize_database allocates with the default misc allocator, malloc.
            NativeMemory.Free(bytes);
        }
    }

    private static string PathOf(string key) => Path.Combine(Directory, key + ".hsdb");

    private static string ResolveDirectory()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured)
        {
            return configured;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = !string.IsNullOrEmpty(xdg) ? xdg : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache") : Path.GetTempPath();
        return Path.Combine(root, "aispm", "hyperscan");
    }
}
