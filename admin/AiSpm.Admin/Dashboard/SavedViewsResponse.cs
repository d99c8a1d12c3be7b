using AiSpm.Admin.Storage.Views;

namespace AiSpm.Admin.Dashboard;

/// <summary>The caller's saved views of one view, by name.</summary>
internal sealed record SavedViewsResponse(IReadOnlyList<SavedView> Items);
