import CardModel
import Foundation

/// One image with the cards it is known to hold.
public struct LabeledImage: Sendable {
    public var path: String
    public var truth: TruthFile
    /// Labels from a format without a separate department (realcards): the title is compared
    /// with "title, department" joined, and department is not scored.
    public var titleIncludesDepartment: Bool
    /// The half of a labelled set the image belongs to (realcards: `tune` or `check`), if any.
    public var split: String?
    /// Where the image comes from (realcards: the source repository), for cross-validation by
    /// source; nil for the project's own images.
    public var origin: String?
    /// Fields the labeller could not read (cut off at the image edge or unreadable: realcards'
    /// `truncated_fields`). Their truth is unknown, so they are not scored: what the extractor
    /// returns for them is neither right nor wrong, and an empty label there is no expectation.
    public var unreadable: Set<FieldName>

    public init(
        path: String, truth: TruthFile, titleIncludesDepartment: Bool = false, split: String? = nil,
        origin: String? = nil, unreadable: Set<FieldName> = []
    ) {
        self.path = path
        self.truth = truth
        self.titleIncludesDepartment = titleIncludesDepartment
        self.split = split
        self.origin = origin
        self.unreadable = unreadable
    }
}

/// Loading labeled images: TestImages' `*.truth.json` files, or the realcards `labels.jsonl`.
public enum EvaluationSet {
    /// Finds labeled images under `folder`.
    ///
    /// A folder holding `labels.jsonl` is read in the realcards format (images in `images/` or
    /// beside it); otherwise every `X.truth.json` found recursively labels the image `X.<ext>`
    /// beside it.
    public static func load(_ folder: String) throws -> [LabeledImage] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw IngestError.pathNotFound(folder)
        }
        let labels = (folder as NSString).appendingPathComponent("labels.jsonl")
        if fm.fileExists(atPath: labels) {
            return try loadLabelsJSONL(labels, folder: folder)
        }
        guard let enumerator = fm.enumerator(atPath: folder) else {
            throw IngestError.folderUnreadable(folder, reason: "cannot enumerate")
        }
        var images: [LabeledImage] = []
        let decoder = JSONDecoder()
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".truth.json") else { continue }
            let truthPath = (folder as NSString).appendingPathComponent(relative)
            let stem = String(truthPath.dropLast(".truth.json".count))
            // Every format the scanner reads, in a fixed order.
            guard let image = InputFiles.imageExtensions.sorted()
                .map({ "\(stem).\($0)" }).first(where: { fm.fileExists(atPath: $0) })
            else {
                throw IngestError.badTruthFile(truthPath, reason: "no image with the same name beside it")
            }
            do {
                let truth = try decoder.decode(TruthFile.self, from: Data(contentsOf: URL(fileURLWithPath: truthPath)))
                images.append(LabeledImage(path: image, truth: truth))
            } catch {
                throw IngestError.badTruthFile(truthPath, reason: "\(error)")
            }
        }
        guard !images.isEmpty else { throw IngestError.noTruth(folder) }
        return images.sorted { $0.path < $1.path }
    }

    /// The realcards labels: one JSON object per line with `file, name, title, company, phones[],
    /// phone_types[], emails[], websites[], address, language, kind`.
    static func loadLabelsJSONL(_ path: String, folder: String) throws -> [LabeledImage] {
        struct Label: Decodable {
            var file: String
            var name: String?
            var title: String?
            var company: String?
            var phones: [String]?
            var phone_types: [String]?
            var emails: [String]?
            var websites: [String]?
            var address: String?
            var language: String?
            var kind: String?
            var split: String?
            var source_repo: String?
            var truncated_fields: [String]?
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw IngestError.badTruthFile(path, reason: "\(error)")
        }
        let fm = FileManager.default
        var images: [LabeledImage] = []
        for (number, line) in text.split(separator: "\n").enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let label: Label
            do {
                label = try JSONDecoder().decode(Label.self, from: Data(line.utf8))
            } catch {
                throw IngestError.badTruthFile("\(path):\(number + 1)", reason: "\(error)")
            }
            let candidates = [
                (folder as NSString).appendingPathComponent("images/\(label.file)"),
                (folder as NSString).appendingPathComponent(label.file),
            ]
            guard let image = candidates.first(where: { fm.fileExists(atPath: $0) }) else {
                throw IngestError.badTruthFile("\(path):\(number + 1)", reason: "image \(label.file) not found")
            }
            let phones = (label.phones ?? []).enumerated().map { index, value in
                let type = index < (label.phone_types ?? []).count ? (label.phone_types ?? [])[index] : "other"
                let kind: PhoneKind =
                    switch type.lowercased() {
                    case "mobile", "cell": .mobile
                    case "fax": .fax
                    case "tel", "work", "phone", "office": .work
                    default: .other
                    }
                return CardTruth.Phone(value: value, e164: nil, kind: kind)
            }
            let card = CardTruth(
                name: label.name, title: label.title, department: nil, company: label.company,
                address: label.address, phones: phones, emails: label.emails ?? [], websites: label.websites ?? [])
            let languages = Self.tesseractLanguages(forLabel: label.language)
            images.append(
                LabeledImage(
                    path: image, truth: TruthFile(cards: [card], kind: label.kind, languages: languages),
                    titleIncludesDepartment: true, split: label.split, origin: label.source_repo,
                    unreadable: Set((label.truncated_fields ?? []).compactMap(Self.labelField))))
        }
        return images
    }
}

extension EvaluationSet {
    /// The field a realcards label key names: the keys are the JSON contract's (`FieldName.key`:
    /// "name", "phones", ...); nil for keys that name none ("notes").
    static func labelField(_ key: String) -> FieldName? {
        FieldName.card.first { $0.key == key }
    }

    /// Tesseract languages for a label's ISO 639-1 code: the language's model plus English
    /// (cards mix them), Chinese first (OCR_FACTS). Unknown codes read as English.
    static func tesseractLanguages(forLabel code: String?) -> String {
        let models = [
            "zh": "chi_sim", "de": "deu", "fr": "fra", "es": "spa", "pt": "por", "it": "ita", "nl": "nld",
            "ja": "jpn", "ko": "kor", "tr": "tur", "vi": "vie",
        ]
        guard let code, let model = models[code.lowercased()] else { return "eng" }
        return model + "+eng"
    }
}

/// Precision, recall and F1 for one field, from counts.
public struct FieldScore: Hashable, Sendable, Codable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0

    public init() {}

    public var precision: Double? {
        let predicted = truePositives + falsePositives
        return predicted > 0 ? Double(truePositives) / Double(predicted) : nil
    }

    public var recall: Double? {
        let expected = truePositives + falseNegatives
        return expected > 0 ? Double(truePositives) / Double(expected) : nil
    }

    public var f1: Double? {
        let denominator = 2 * truePositives + falsePositives + falseNegatives
        return denominator > 0 ? 2 * Double(truePositives) / Double(denominator) : nil
    }

    static func += (lhs: inout FieldScore, rhs: FieldScore) {
        lhs.truePositives += rhs.truePositives
        lhs.falsePositives += rhs.falsePositives
        lhs.falseNegatives += rhs.falseNegatives
    }
}

/// What went wrong on one field of one card, for the evaluation's miss list.
public struct FieldMiss: Hashable, Sendable, Codable {
    public var image: String
    public var card: Int
    public var field: String
    public var expected: String?
    public var got: String?
    /// For a missed expected value: whether every word of it is in the card's OCR text
    /// (extraction lost it) or not (OCR lost it); nil when nothing was expected.
    public var inOCRText: Bool?

    enum CodingKeys: String, CodingKey {
        case image, card, field, expected, got
        case inOCRText = "in_ocr_text"
    }
}

/// The evaluation of a set of labeled images.
public struct EvaluationReport: Sendable {
    /// Field names in report order.
    public static let fields = FieldName.card.map(\.key)

    public var scores: [String: FieldScore] = [:]
    public var cardsTotal = 0
    public var cardsAllRight = 0
    /// Per image kind (clean, photo, ...): cards and cards with every field right.
    public var byKind: [String: (cards: Int, allRight: Int)] = [:]
    /// Matched phone numbers and how many of them had the right kind.
    public var phonesMatched = 0
    public var phoneKindsRight = 0
    /// Files that failed to be read, with the reason.
    public var failures: [(path: String, reason: String)] = []
    public var misses: [FieldMiss] = []
    public var images = 0
    /// Every value the extractor returned, with its confidence and whether it was right: the
    /// material of the reliability table and the calibration error.
    public var observations: [ConfidenceObservation] = []
    /// Per field, the expected values that were missed, split by whether the OCR text held them.
    public var lossSources: [String: LossSource] = [:]
    /// Fields of the labelled images left unscored because the label could not read them
    /// (`LabeledImage.unreadable`: cut off at the image edge).
    public var unreadableFields = 0

    public init() {}

    public var allRightShare: Double { cardsTotal > 0 ? Double(cardsAllRight) / Double(cardsTotal) : 0 }
}

/// One extracted value: its field, the confidence the extractor gave it, and whether it was right.
public struct ConfidenceObservation: Hashable, Sendable, Codable {
    public var field: String
    public var confidence: Double
    public var right: Bool
}

/// Where the misses of one field come from: values the OCR text held that extraction did not
/// return (extraction's loss), and values the OCR text did not hold at all (OCR's loss).
public struct LossSource: Hashable, Sendable, Codable {
    /// Expected values (cards for single fields, items for lists).
    public var expected = 0
    /// Expected values returned right.
    public var found = 0
    /// Missed, but every word of the value is in the card's OCR text: extraction lost it.
    public var missedInText = 0
    /// Missed, and the OCR text lacks some word of it (or no card was found): OCR lost it.
    public var missedNotInText = 0
}

/// Compares extracted fields with truth.
///
/// Comparison rules (documented in the README): text fields are compared after Unicode
/// compatibility normalisation, case folding, and dropping punctuation and repeated spaces;
/// emails case-insensitively; websites without scheme, `www.` and trailing slash; phones by
/// digits (E.164 when both sides have it, else the printed digits).
public struct Evaluator: Sendable {
    private let phoneNumbers: any PhoneNumberParsing

    public init(phoneNumbers: any PhoneNumberParsing) {
        self.phoneNumbers = phoneNumbers
    }

    /// Adds one image's outcome to `report`.
    public func add(_ image: LabeledImage, result: FileResult, to report: inout EvaluationReport) {
        report.images += 1
        report.unreadableFields += image.unreadable.count
        let kind = image.truth.kind ?? "unknown"
        if case .failed(let reason) = result.status {
            report.failures.append((image.path, reason))
        }
        let truths = image.truth.cards
        let predicted = result.cards
        let pairs = match(truths: truths, predicted: predicted)
        var matchedPredicted = Set<Int>()
        for (t, truth) in truths.enumerated() {
            let p = pairs[t]
            if let p { matchedPredicted.insert(p) }
            let fields = p.map { predicted[$0].fields } ?? CardFields()
            let allRight = score(
                truth: truth, fields: fields, text: p.map { predicted[$0].text }, image: image, card: t,
                report: &report)
            report.cardsTotal += 1
            var tally = report.byKind[kind] ?? (0, 0)
            tally.cards += 1
            if allRight {
                report.cardsAllRight += 1
                tally.allRight += 1
            }
            report.byKind[kind] = tally
        }
        // Cards found where there is none: every field they carry is a false positive.
        for (p, card) in predicted.enumerated() where !matchedPredicted.contains(p) {
            _ = score(
                truth: CardTruth(), fields: card.fields, text: card.text, image: image, card: -1, report: &report)
        }
    }

    /// Pairs each truth card with a predicted card (index), greedily by box overlap and agreement.
    public func match(truths: [CardTruth], predicted: [CardResult]) -> [Int?] {
        guard !predicted.isEmpty else { return truths.map { _ in nil } }
        if truths.count == 1 && predicted.count == 1 { return [0] }
        var candidates: [(score: Double, t: Int, p: Int)] = []
        for (t, truth) in truths.enumerated() {
            for (p, card) in predicted.enumerated() {
                var score = 0.0
                if let box = truth.bbox { score += 2 * box.iou(card.bbox) }
                score += agreement(truth: truth, fields: card.fields)
                candidates.append((score, t, p))
            }
        }
        candidates.sort { $0.score > $1.score }
        var result: [Int?] = truths.map { _ in nil }
        var used = Set<Int>()
        for candidate in candidates where result[candidate.t] == nil && !used.contains(candidate.p) {
            result[candidate.t] = candidate.p
            used.insert(candidate.p)
        }
        return result
    }

    private func agreement(truth: CardTruth, fields: CardFields) -> Double {
        var agree = 0.0
        if let name = truth.name, let got = fields.name?.value, Self.sameText(name, got) { agree += 1 }
        if let company = truth.company, let got = fields.company?.value, Self.sameText(company, got) { agree += 1 }
        let emails = Set(truth.emails.map(ContactNormalizer.emailKey))
        agree += Double(fields.emails.filter { emails.contains(ContactNormalizer.emailKey($0.value)) }.count)
        return agree / 10
    }

    /// Scores one card; returns true when every field is right.
    private func score(
        truth: CardTruth, fields: CardFields, text: String?, image: LabeledImage, card: Int,
        report: inout EvaluationReport
    ) -> Bool {
        var allRight = true
        let ocrWords = Self.wordBag(text ?? "")
        func inText(_ field: FieldName, _ expected: String) -> Bool {
            Self.textHolds(ocrWords, expected, digitsOnly: field == .phone)
        }
        func loss(_ field: FieldName, expected: String, found: Bool) {
            let name = field.key
            var l = report.lossSources[name] ?? LossSource()
            l.expected += 1
            if found {
                l.found += 1
            } else if inText(field, expected) {
                l.missedInText += 1
            } else {
                l.missedNotInText += 1
            }
            report.lossSources[name] = l
        }
        func observe(_ field: FieldName, _ confidence: Double?, _ right: Bool) {
            guard let confidence else { return }
            report.observations.append(ConfidenceObservation(field: field.key, confidence: confidence, right: right))
        }
        func single(_ name: FieldName, _ expected: String?, _ got: String?, confidence: Double? = nil) {
            guard !image.unreadable.contains(name) else { return }
            var s = FieldScore()
            let expected = expected.flatMap { Self.normalText($0).isEmpty ? nil : $0 }
            switch (expected, got) {
            case (nil, nil): break
            case (nil, .some): s.falsePositives = 1
            case (.some, nil): s.falseNegatives = 1
            case (.some(let e), .some(let g)):
                if Self.sameText(e, g) {
                    s.truePositives = 1
                } else {
                    s.falsePositives = 1
                    s.falseNegatives = 1
                }
            }
            if got != nil { observe(name, confidence, s.falsePositives == 0) }
            if let expected { loss(name, expected: expected, found: s.truePositives == 1) }
            if s.falsePositives + s.falseNegatives > 0 {
                allRight = false
                report.misses.append(
                    FieldMiss(
                        image: image.path, card: card, field: name.key, expected: expected, got: got,
                        inOCRText: expected.map { inText(name, $0) }))
            }
            report.scores[name.key, default: FieldScore()] += s
        }
        func list(
            _ name: FieldName, _ expected: [String], _ got: [String], confidences: [Double],
            same: (String, String) -> Bool
        ) {
            guard !image.unreadable.contains(name) else { return }
            var s = FieldScore()
            var remaining = Array(got.enumerated())
            for e in expected {
                if let i = remaining.firstIndex(where: { same(e, $0.element) }) {
                    s.truePositives += 1
                    observe(name, confidences[remaining[i].offset], true)
                    remaining.remove(at: i)
                    loss(name, expected: e, found: true)
                } else {
                    s.falseNegatives += 1
                    report.misses.append(
                        FieldMiss(
                            image: image.path, card: card, field: name.key, expected: e, got: nil,
                            inOCRText: inText(name, e)))
                    loss(name, expected: e, found: false)
                }
            }
            s.falsePositives = remaining.count
            for (offset, g) in remaining {
                observe(name, confidences[offset], false)
                report.misses.append(FieldMiss(image: image.path, card: card, field: name.key, expected: nil, got: g))
            }
            if s.falsePositives + s.falseNegatives > 0 { allRight = false }
            report.scores[name.key, default: FieldScore()] += s
        }

        single(.name, truth.name, fields.name?.value, confidence: fields.name?.confidence)
        if image.titleIncludesDepartment {
            let joined = [fields.title?.value, fields.department?.value].compactMap { $0 }.joined(separator: ", ")
            // Both must be right for the joined value to be: the weaker confidence speaks for it.
            let confidence = [fields.title?.confidence, fields.department?.confidence].compactMap { $0 }.min()
            single(.title, truth.title, joined.isEmpty ? nil : joined, confidence: confidence)
        } else {
            single(.title, truth.title, fields.title?.value, confidence: fields.title?.confidence)
            single(
                .department, truth.department, fields.department?.value, confidence: fields.department?.confidence)
        }
        single(.company, truth.company, fields.company?.value, confidence: fields.company?.confidence)
        single(.address, truth.address, fields.address?.value, confidence: fields.address?.confidence)
        list(.email, truth.emails, fields.emails.map(\.value), confidences: fields.emails.map(\.confidence)) {
            ContactNormalizer.emailKey($0) == ContactNormalizer.emailKey($1)
        }
        list(
            .website, truth.websites, fields.websites.map(\.value), confidences: fields.websites.map(\.confidence)
        ) { ContactNormalizer.websiteKey($0) == ContactNormalizer.websiteKey($1) }

        // Phones: match by number, then check the kind of each matched pair.
        guard !image.unreadable.contains(.phone) else { return allRight }
        var phoneScore = FieldScore()
        var remaining = fields.phones
        for phone in truth.phones {
            if let i = remaining.firstIndex(where: { samePhone(phone, $0) }) {
                phoneScore.truePositives += 1
                report.phonesMatched += 1
                if remaining[i].kind == phone.kind { report.phoneKindsRight += 1 }
                observe(.phone, remaining[i].confidence, true)
                remaining.remove(at: i)
                loss(.phone, expected: phone.value, found: true)
            } else {
                phoneScore.falseNegatives += 1
                report.misses.append(
                    FieldMiss(
                        image: image.path, card: card, field: FieldName.phone.key, expected: phone.value, got: nil,
                        inOCRText: inText(.phone, phone.value)))
                loss(.phone, expected: phone.value, found: false)
            }
        }
        phoneScore.falsePositives = remaining.count
        for phone in remaining {
            observe(.phone, phone.confidence, false)
            report.misses.append(FieldMiss(image: image.path, card: card, field: FieldName.phone.key, expected: nil, got: phone.value))
        }
        if phoneScore.falsePositives + phoneScore.falseNegatives > 0 { allRight = false }
        report.scores[FieldName.phone.key, default: FieldScore()] += phoneScore
        return allRight
    }

    private func samePhone(_ truth: CardTruth.Phone, _ got: PhoneValue) -> Bool {
        let gotDigits = Self.digits(got.value)
        if Self.digits(truth.value) == gotDigits { return true }
        let expectedE164 =
            truth.e164
            ?? got.e164.flatMap { e164 in
                // Read the printed truth under the region the extractor settled on.
                let region = phoneNumbers.parse(e164, region: "ZZ")?.region ?? "US"
                return phoneNumbers.parse(truth.value, region: region)?.e164
            }
        if let expectedE164, let gotE164 = got.e164 { return expectedE164 == gotE164 }
        return false
    }

    // MARK: - Normalisation

    /// The normalised words of a card's OCR text, with Han runs also split into characters.
    static func wordBag(_ text: String) -> Set<String> {
        var bag = Set(normalText(text).split(separator: " ").map(String.init))
        // Han text has no spaces, and OCR puts them anywhere: compare character by character.
        for scalar in text.unicodeScalars where scalar.properties.isIdeographic { bag.insert(String(scalar)) }
        // Digits alone, for phone numbers printed with any grouping.
        bag.insert("#" + digits(text))
        return bag
    }

    /// Whether every word of `value` is among the OCR text's words (for phones: whether its
    /// digits appear, in order, in the text's digits): an upper bound on what extraction could
    /// have returned.
    static func textHolds(_ bag: Set<String>, _ value: String, digitsOnly: Bool) -> Bool {
        if digitsOnly {
            let wanted = digits(value)
            guard let all = bag.first(where: { $0.hasPrefix("#") }), !wanted.isEmpty else { return false }
            // The national part is enough: "+44 (0) 20 9876 5432" is printed with its own prefix.
            return all.contains(String(wanted.suffix(min(8, wanted.count))))
        }
        let words = normalText(value).split(separator: " ").map(String.init)
        guard !words.isEmpty else { return false }
        return words.allSatisfy { word in
            if bag.contains(word) { return true }
            let han = word.unicodeScalars.filter { $0.properties.isIdeographic }
            return !han.isEmpty && han.count == word.unicodeScalars.count
                && han.allSatisfy { bag.contains(String($0)) }
        }
    }

    static func normalText(_ text: String) -> String {
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased()
        var out = ""
        var lastWasSpace = true
        for scalar in folded.unicodeScalars {
            if CharacterSet.punctuationCharacters.contains(scalar) || CharacterSet.symbols.contains(scalar)
                || CharacterSet.whitespacesAndNewlines.contains(scalar)
            {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// Equal after `normalText`; spaces are ignored between Han characters (OCR inserts them).
    static func sameText(_ a: String, _ b: String) -> Bool {
        let x = normalText(a)
        let y = normalText(b)
        if x == y { return true }
        return x.replacingOccurrences(of: " ", with: "") == y.replacingOccurrences(of: " ", with: "")
            && (x.unicodeScalars.contains { $0.properties.isIdeographic })
    }

    static func digits(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.properties.numericType == .decimal }.map(Character.init))
    }
}
