namespace AiSpm.Admin.Dashboard;

/// <summary>The body of <c>PUT saved-views/{view}/{name}</c>: the view's query string, without the leading "?".</summary>
internal sealed record SavedViewRequest(string Query);
