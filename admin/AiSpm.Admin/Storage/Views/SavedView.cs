namespace AiSpm.Admin.Storage.Views;

/// <summary>
/// A named filter set one user saved on one view (<c>findings</c>): the view's query string as the URL carries it, so
/// opening it is navigating to <c>/findings?QUERY</c> and a deep link stays the same thing as a saved view.
/// </summary>
internal sealed record SavedView(string Owner, string View, string Name, string Query, DateTimeOffset SavedAt);
