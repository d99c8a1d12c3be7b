namespace AiSpm.Detection.Json;

/// <summary>One open object or array while walking a body.</summary>
internal struct JsonFrame
{
    /// <summary>The property this container is the value of (array elements inherit their array's key).</summary>
    public JsonKey Key;
    public bool IsArray;
    public bool IsToolCallType;
    public bool Skip;

    /// <summary>Raw byte range of a <c>name</c> string seen before the object's <c>type</c>; -1 when none.</summary>
    public int PendingNameStart;
    public int PendingNameLength;
    public bool PendingNameEscaped;
}
