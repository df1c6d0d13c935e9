using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Tests.Hosting;

/// <summary>What a host's first day turned up in the registration (issue 14, findings 6 and 7).</summary>
public sealed class HostRegistrationTests
{
    [Test]
    public void Resolving_the_service_with_no_Use_call_at_all_names_both_Use_calls()
    {
        // Regression: TryAddSingleton(NoCatalog) registered the ServiceDescriptor object itself as an instance, so the
        // container failed first with "Unable to resolve service for type 'LeadStatus.IStatusCatalog'".
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IStatusUpdateService>());

        Assert.That(error!.Message, Does.Contain("UsePostgres(").And.Contain("UseInMemoryStore()"));
    }

    [Test]
    public void Resolving_the_catalog_with_no_Use_call_says_how_to_configure_one()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IStatusCatalog>());

        Assert.That(error!.Message, Does.Contain("UseStatusCatalog"));
    }

    [Test]
    public void A_store_chosen_after_AddLeadStatusUpdates_still_brings_its_default_catalog()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UseInMemoryStore();
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IStatusCatalog>(), Is.SameAs(provider.GetRequiredService<InMemoryStatusCatalog>()));
    }

    [Test]
    public void AddNotifier_of_T_makes_T_resolvable_as_the_instance_the_dispatcher_uses()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UseInMemoryStore().AddNotifier<CountingNotifier>().AddNotifier<CountingNotifier>();
        using var provider = services.BuildServiceProvider();

        var own = provider.GetRequiredService<CountingNotifier>();
        var notifiers = provider.GetServices<INotifier>().ToList();

        Assert.That(notifiers, Has.Count.EqualTo(1));
        Assert.That(notifiers[0], Is.SameAs(own));
    }

    [Test]
    public void AddNotifier_of_T_keeps_a_registration_of_T_the_host_made_first()
    {
        var mine = new CountingNotifier();
        var services = new ServiceCollection();
        services.AddSingleton(mine);
        services.AddLeadStatusUpdates().UseInMemoryStore().AddNotifier<CountingNotifier>();
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetServices<INotifier>().Single(), Is.SameAs(mine));
    }

    private sealed class CountingNotifier : INotifier
    {
        public int Count { get; private set; }

        public Task NotifyAsync(StatusChangeNotification notification, CancellationToken cancellationToken = default)
        {
            Count++;
            return Task.CompletedTask;
        }
    }
}
