namespace AiSpm.Detection.Tests.Detectors;

/// <summary>
/// Phone numbers (libphonenumber), street addresses, postcodes and person names: positives in many countries' formats
/// and the look-alikes that must pass, on both engines.
/// </summary>
public class PiiEntityTests
{
    private static List<string> ResponseRuleIds(string engine, string text)
    {
        var inspector = Inspectors.For(engine);
        return Inspectors.Ids(inspector, Inspectors.Scan(inspector, text, ScanPhase.Response));
    }

    private static void AssertRule(string engine, string text, string rule)
    {
        var ids = ResponseRuleIds(engine, text);
        Assert.True(ids.Contains(rule), rule + " missing in: " + text + " (found " + string.Join(",", ids) + ")");
    }

    private static void AssertNotRule(string engine, string text, params string[] rules)
    {
        var ids = ResponseRuleIds(engine, text);
        foreach (var rule in rules)
        {
            Assert.False(ids.Contains(rule), rule + " fired on: " + text);
        }
    }

    public static TheoryData<string, string> Phones() => Inspectors.OnBothEngines(
        "Call me on (415) 555-0134 after lunch.",
        "Her cell is 201-555-0123.",
        "Office: +1 506 234 5678",
        "Ring the front desk on 0121 234 5678 tomorrow.",
        "My mobile is 07400 123456.",
        "Erreichbar unter 030 123456 oder 01512 3456789.",
        "Appelez le 01 23 45 67 89 ou le 06 12 34 56 78.",
        "Llama al +34 612 34 56 78 antes de las 5.",
        "Chiama lo 02 1234 5678 in ufficio.",
        "Bel ons op 010 123 4567 of 06 12345678.",
        "WhatsApp (11) 96123-4567 a qualquer hora.",
        "Numero: +52 55 1234 5678",
        "Reach Priya on 081234 56789.",
        "Call 03-1234-5678 or 090-1234-5678.",
        "The Beijing office is 010-12345678.",
        "Seoul office 02-312-3456, mobile 010-2000-0000.",
        "Ring (02) 9876 5432 or 0412 345 678.",
        "Johannesburg: 010 123 4567 and 071 123 4567.",
        "Tel. +49 30 901820",
        "Tel 0044 20 7946 0958");

    [Theory]
    [MemberData(nameof(Phones))]
    public void PhoneNumbersInNationalAndInternationalFormatsAreDetected(string engine, string text) => AssertRule(engine, text, "PII-PHONE");

    public static TheoryData<string, string> NotPhones() => Inspectors.OnBothEngines(
        "Order 20231205143000 shipped.",
        "The epoch 1701800000 is in December 2023.",
        "Logged at 2024-01-31 12:30:45 by the scheduler.",
        "Released on 31.01.2024 with build 4.12.1.",
        "Version 10.15.7 and 12.6.1 both work.",
        "The budget is 1 250 000 euros, or 12.500.000 pesos.",
        "The server answered from 192.168.100.200.",
        "ISBN 978-3-16-148410-0 is the second edition.",
        "Ticket 123-456-7890 was closed.",
        "Area code 555 is not assigned: 555-123-4567.",
        "Use 666-12-3456 as an example of an invalid number.",
        "The order number is 4111 1111 1111 1112.");

    [Theory]
    [MemberData(nameof(NotPhones))]
    public void DigitRunsThatAreNotPhoneNumbersPass(string engine, string text) => AssertNotRule(engine, text, "PII-PHONE");

    public static TheoryData<string, string> Addresses() => Inspectors.OnBothEngines(
        "Ship it to 221B Baker Street, London.",
        "The office is at 1600 Pennsylvania Avenue NW in Washington.",
        "Send the forms to 742 Evergreen Terrace, Springfield.",
        "Meine Adresse: Hauptstrasse 5, 10115 Berlin.",
        "Wir wohnen in der Berliner Strasse 12.",
        "Het kantoor zit op Keizersgracht 123.",
        "Le colis part au 12 rue de la Paix.",
        "Vivo en Calle Mayor 5, Madrid.",
        "La sede è in Via Roma 10.",
        "Moro na Rua Augusta, 1200.",
        "Biuro: ul. Marszalkowska 10, Warszawa.",
        "She lives at 42 Elm Road with her sister.");

    [Theory]
    [MemberData(nameof(Addresses))]
    public void StreetAddressesAcrossCountriesAreDetected(string engine, string text) => AssertRule(engine, text, "PII-STREET-ADDRESS");

    public static TheoryData<string, string> Postcodes() => Inspectors.OnBothEngines(
        "Springfield, IL 62704",
        "Write to London SW1A 1AA.",
        "Ottawa, ON K1A 0B1",
        "Lieferung nach Musterweg 3, 10115 Berlin",
        "Adresse : 5 avenue Anatole France, 75007 Paris",
        "Postadres 1012 AB Amsterdam",
        "東京都千代田区〒100-0001",
        "CEP 01310-100",
        "Shipping to Bengaluru, PIN 560001");

    [Theory]
    [MemberData(nameof(Postcodes))]
    public void PostcodesInContextAreDetected(string engine, string text) => AssertRule(engine, text, "PII-POSTCODE");

    public static TheoryData<string, string> NotAddresses() => Inspectors.OnBothEngines(
        "Route 66 is a song.",
        "Bump the version 2.3 street name parser.",
        "In 2019 Wall Street banks rallied.",
        "The Sony PS5 4GB edition sold out.",
        "Stream in 1080 HD Video tonight.",
        "We took 3 routes and 2 avenues of attack.",
        "Copy 20 files via SSH 2 times.");

    [Theory]
    [MemberData(nameof(NotAddresses))]
    public void AddressLookAlikesPass(string engine, string text) => AssertNotRule(engine, text, "PII-STREET-ADDRESS", "PII-POSTCODE");

    public static TheoryData<string, string> Names() => Inspectors.OnBothEngines(
        "Name: Ana Silva",
        "My name is Tom Keller and I need help.",
        "Dear Mr Keller, thank you for your order.",
        "Regards,\nJohn Smith",
        "Dr. Priya Sharma will see you at 10.",
        "Maria Garcia lives at 12 Oak Avenue.",
        "Bonjour Camille, voici le document.",
        "Sehr geehrte Frau Schmidt, anbei die Rechnung.",
        "Please forward this to Jennifer Lopez in accounting.");

    [Theory]
    [MemberData(nameof(Names))]
    public void PersonNamesInContextAreDetected(string engine, string text)
    {
        var ids = ResponseRuleIds(engine, text);
        Assert.True(ids.Contains("PII-PERSON-NAME") || ids.Contains("PII-PERSON-NAME-PAIR"), "no name in: " + text);
    }

    public static TheoryData<string, string> NotNames() => Inspectors.OnBothEngines(
        "Dear Customer, your order has shipped.",
        "Hi Team, the build is green.",
        "Print Hello World in Python.",
        "Grant Park is in Chicago.",
        "Name: String (required)",
        "Regards,\nThe Support Team",
        "Will Power is the title of the talk.",
        "The New York Times reported it.");

    [Theory]
    [MemberData(nameof(NotNames))]
    public void NameLookAlikesPass(string engine, string text) => AssertNotRule(engine, text, "PII-PERSON-NAME", "PII-PERSON-NAME-PAIR");
}
