import CardModel
import CardPhone
import CardTestSupport
import Foundation
import Testing

@testable import CardIngest

struct EvaluatorTests {
    let evaluator = Evaluator(phoneNumbers: LibPhoneNumber())

    private func result(_ fields: [CardFields], path: String = "x.png") -> FileResult {
        FileResult(
            inputIndex: 0, path: path, contentHash: "h",
            cards: fields.enumerated().map { index, f in
                CardResult(source: path, cardIndex: index, bbox: PixelBox(x: 0, y: 0, width: 10, height: 10), fields: f, text: "")
            }, status: .recognized)
    }

    @Test(
        "text comparison ignores case, punctuation and spacing but not different words",
        arguments: [
            ("Jane Q. Doe", "JANE Q DOE", true),
            ("Müller GmbH", "Muller GmbH", false),
            ("Acme, Inc.", "Acme Inc", true),
            ("北京科技有限公司", "北京 科技 有限公司", true),
            ("Jane Doe", "Jane Roe", false),
        ])
    func textComparison(expected: String, got: String, same: Bool) {
        #expect(Evaluator.sameText(expected, got) == same)
    }

    @Test("websites compare without scheme, www and trailing slash")
    func websites() {
        #expect(ContactNormalizer.websiteKey("https://www.contoso.com/") == ContactNormalizer.websiteKey("contoso.com"))
        #expect(ContactNormalizer.websiteKey("www.a.io") != ContactNormalizer.websiteKey("www.b.io"))
    }

    @Test("a right field is a true positive, a wrong one counts as both false positive and false negative")
    func singleFieldCounts() {
        let image = LabeledImage(
            path: "x.png", truth: TruthFile(cards: [CardTruth(name: "Jane Doe", title: "CEO", company: "Acme")]))
        var report = EvaluationReport()
        evaluator.add(
            image,
            result: result([
                CardFields(
                    name: FieldValue(value: "Jane Doe", confidence: 1), title: FieldValue(value: "CTO", confidence: 1),
                    address: FieldValue(value: "1 Main St", confidence: 1))
            ]), to: &report)
        #expect(report.scores["name"]?.truePositives == 1)
        #expect(report.scores["title"]?.falsePositives == 1)
        #expect(report.scores["title"]?.falseNegatives == 1)
        #expect(report.scores["company"]?.falseNegatives == 1)
        #expect(report.scores["address"]?.falsePositives == 1)
        #expect(report.cardsAllRight == 0)
        #expect(report.cardsTotal == 1)
    }

    @Test("phones match by number whatever the formatting, and their kinds are tallied")
    func phones() {
        let image = LabeledImage(
            path: "x.png",
            truth: TruthFile(cards: [
                CardTruth(phones: [
                    .init(value: "+1 (415) 555-0123", e164: "+14155550123", kind: .work),
                    .init(value: "+44 20 7946 0958", e164: "+442079460958", kind: .fax),
                ])
            ]))
        var report = EvaluationReport()
        evaluator.add(
            image,
            result: result([
                CardFields(phones: [
                    PhoneValue(value: "415.555.0123", e164: "+14155550123", kind: .work, confidence: 1),
                    PhoneValue(value: "020 7946 0958", e164: "+442079460958", kind: .work, confidence: 1),
                    PhoneValue(value: "12345", e164: nil, kind: .other, confidence: 1),
                ])
            ]), to: &report)
        #expect(report.scores["phones"]?.truePositives == 2)
        #expect(report.scores["phones"]?.falsePositives == 1)
        #expect(report.phonesMatched == 2)
        #expect(report.phoneKindsRight == 1)
    }

    @Test("a card with every field right counts as all right; a missed card counts as all wrong")
    func allRightAndMissedCards() {
        let truth = CardTruth(name: "Jane Doe", emails: ["jane@doe.com"])
        let image = LabeledImage(path: "x.png", truth: TruthFile(cards: [truth, CardTruth(name: "John Roe")]))
        var report = EvaluationReport()
        evaluator.add(
            image,
            result: result([
                CardFields(name: FieldValue(value: "Jane Doe", confidence: 1), emails: [FieldValue(value: "JANE@doe.com", confidence: 1)])
            ]), to: &report)
        #expect(report.cardsTotal == 2)
        #expect(report.cardsAllRight == 1)
        #expect(report.scores["name"]?.falseNegatives == 1)
    }

    @Test("realcards labels: the title is compared with title and department joined")
    func realcardsTitle() {
        let image = LabeledImage(
            path: "x.png", truth: TruthFile(cards: [CardTruth(title: "Senior Researcher, Cloud & AI Department")]),
            titleIncludesDepartment: true)
        var report = EvaluationReport()
        evaluator.add(
            image,
            result: result([
                CardFields(
                    title: FieldValue(value: "Senior Researcher", confidence: 1),
                    department: FieldValue(value: "Cloud & AI Department", confidence: 1))
            ]), to: &report)
        #expect(report.scores["title"]?.truePositives == 1)
        #expect(report.scores["department"] == nil)
    }

    @Test("the realcards labels.jsonl format loads with phone types mapped")
    func loadsLabelsJSONL() throws {
        let temporary = try TemporaryDirectory()
        let directory = temporary.url
        try temporary.write(Data(), to: "images/a.jpg")
        let line = #"{"file": "a.jpg", "name": null, "title": null, "company": "Shop", "phones": ["2681-7485", "+55 11 99999-0000"], "phone_types": ["tel", "mobile"], "emails": [], "websites": [], "address": "Rua A", "language": "pt", "kind": "photo"}"#
        try Data((line + "\n").utf8).write(to: directory.appendingPathComponent("labels.jsonl"))
        let images = try EvaluationSet.load(directory.path)
        #expect(images.count == 1)
        #expect(images[0].truth.cards[0].phones.map(\.kind) == [.work, .mobile])
        #expect(images[0].truth.cards[0].company == "Shop")
        #expect(images[0].titleIncludesDepartment)
    }

    @Test("fields a label could not read (truncated_fields) are not scored; the others are")
    func unreadableFieldsAreNotScored() throws {
        let temporary = try TemporaryDirectory()
        try temporary.write(Data(), to: "images/a.jpg")
        let line = #"{"file": "a.jpg", "name": "Ana Lima", "title": null, "company": null, "phones": [], "emails": [], "websites": [], "address": null, "kind": "scan", "truncated_fields": ["phones", "emails", "company", "notes"]}"#
        try Data((line + "\n").utf8).write(to: temporary.url.appendingPathComponent("labels.jsonl"))
        let image = try #require(try EvaluationSet.load(temporary.url.path).first)
        #expect(image.unreadable == [.phone, .email, .company])

        var report = EvaluationReport()
        evaluator.add(
            image,
            result: result([
                CardFields(
                    name: FieldValue(value: "Ana Lima", confidence: 0.9), company: FieldValue(value: "Lim", confidence: 0.4),
                    address: FieldValue(value: "Rua A", confidence: 0.5),
                    phones: [PhoneValue(value: "2681-74", e164: nil, kind: .other, confidence: 0.6)],
                    emails: [FieldValue(value: "ana@lima", confidence: 0.7)])
            ]), to: &report)
        #expect(report.scores["phones"] == nil && report.scores["emails"] == nil && report.scores["company"] == nil)
        #expect(report.scores["name"]?.truePositives == 1)
        #expect(report.scores["address"]?.falsePositives == 1)
        #expect(report.observations.map(\.field).sorted() == ["address", "name"])
        #expect(report.unreadableFields == 3)
        #expect(report.renderTable().contains("could not read (cut off; not scored): 3"))
    }

    @Test("truth files label every input format the scanner reads: PDFs and HEIC photos too")
    func truthBesideAPDFOrHEICLoads() throws {
        let temporary = try TemporaryDirectory()
        let truth = Data(#"{"cards": [{"name": "A", "phones": [], "emails": [], "websites": []}]}"#.utf8)
        for name in ["pages", "photo", "scan"] {
            try temporary.write(truth, to: "\(name).truth.json")
        }
        try temporary.write(Data(), to: "pages.pdf")
        try temporary.write(Data(), to: "photo.heic")
        try temporary.write(Data(), to: "scan.tif")
        let images = try EvaluationSet.load(temporary.url.path)
        #expect(images.map { ($0.path as NSString).lastPathComponent } == ["pages.pdf", "photo.heic", "scan.tif"])
    }
}

/// Protects the reliability table: buckets, the calibration error, and the confident values
/// per field that show which field's high confidences are wrong.
@Test func reliabilityCountsConfidentValuesPerField() {
    let observations = [
        ConfidenceObservation(field: "phones", confidence: 0.97, right: true),
        ConfidenceObservation(field: "phones", confidence: 0.96, right: false),
        ConfidenceObservation(field: "name", confidence: 0.92, right: true),
        ConfidenceObservation(field: "name", confidence: 0.45, right: false),
    ]
    let reliability = Reliability(observations)
    #expect(reliability.buckets.map(\.count) == [1, 1, 2])
    #expect(reliability.highCount == 3)
    #expect(reliability.highByField["phones"] == Reliability.High(count: 2, shareRight: 0.5))
    #expect(reliability.highByField["name"] == Reliability.High(count: 1, shareRight: 1))
    // |0 - 0.45| * 1/4 + |1 - 0.92| * 1/4 + |0.5 - 0.965| * 2/4
    #expect(abs(reliability.expectedCalibrationError - (0.45 / 4 + 0.08 / 4 + 0.465 / 2)) < 1e-9)
    #expect(reliability.render().hasSuffix("confidence >= 0.9 by field: name 1 (100.0%), phones 2 (50.0%)"))
}
