using AiSpm.Admin.Auth;
using AiSpm.Admin.Storage;

namespace AiSpm.Admin.Api;

/// <summary>What the gateways have seen in use.</summary>
internal static class InventoryEndpoints
{
    public static void MapInventory(this RouteGroupBuilder api) =>
        api.MapGet("/inventory", ListAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<InventoryResponse>()
            .ProducesValidationProblem()
            .WithSummary("Models, keys, teams, routes and gateways seen in events.");

    private static async Task<IResult> ListAsync(HttpRequest request, IAdminStore store, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var q = new QueryParams(request.Query, errors);
        q.AllowOnly("kind");
        var kind = q.OneOf("kind", InventoryKind.IsKind, string.Join(", ", InventoryKind.All));
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(new InventoryResponse(await store.ListInventoryAsync(kind, ct)));
    }
}
