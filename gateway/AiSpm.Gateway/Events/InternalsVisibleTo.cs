using System.Runtime.CompilerServices;

// The admin's functional tests drive the hand-off and policy client against a real admin service.
[assembly: InternalsVisibleTo("Admin.FunctionalTests")]
