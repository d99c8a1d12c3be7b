using AiSpm.Admin.Storage;

namespace AiSpm.Admin.Api;

internal sealed record InventoryResponse(IReadOnlyList<InventoryItem> Items);
