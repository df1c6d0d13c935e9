using LeadStatus.Tests.Support;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace LeadStatus.Tests.Dashboard;

/// <summary>
/// Debian's Chromium driven through Debian's chromedriver (no browser or driver download at test time), headless. Without
/// them the tests fail with the command that installs them; they never skip.
/// </summary>
internal static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverDirectory = "/usr/bin";
    public const string DriverName = "chromedriver";

    public static ChromeDriver Start()
    {
        static bool Installed() => File.Exists(ChromiumPath) && File.Exists(Path.Combine(DriverDirectory, DriverName));
        if (!Installed() && !(SystemPackages.TryInstallAsync("chromium", "chromium-driver").GetAwaiter().GetResult() && Installed()))
        {
            Assert.Fail($"The dashboard's browser tests need Debian's Chromium and its driver ({ChromiumPath}, {DriverDirectory}/{DriverName}). " +
                        "Install them with: sudo apt-get install -y chromium chromium-driver (.ci/run does this when they are missing).");
        }

        var service = ChromeDriverService.CreateDefaultService(DriverDirectory, DriverName);
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
            "--lang=he", "--no-first-run", "--disable-extensions");
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(120));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(60);
        return driver;
    }

    /// <summary>Waits, polling, until <paramref name="condition"/> holds; fails with <paramref name="what"/> and the page otherwise.</summary>
    public static Task WaitUntilAsync(this IWebDriver driver, Func<bool> condition, string what, int seconds = 30) =>
        driver.WaitUntilAsync(() => Task.FromResult(condition()), what, seconds);

    /// <summary>Waits, polling, until <paramref name="condition"/> holds; fails with <paramref name="what"/> and the page otherwise.</summary>
    public static async Task WaitUntilAsync(this IWebDriver driver, Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (WebDriverException)
            {
                // The page is changing (stale element, navigation); look again.
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}. The page at {driver.Url}:\n{driver.PageSource}");
            }

            await Task.Delay(50);
        }
    }
}
