import Foundation
import Testing

@testable import CardExtraction

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

/// Protects against editing models/scoring/weights.json without running scripts/build-scoring-model.
@Test func compiledScoringModelMatchesModelFile() throws {
    let file = repositoryRoot.appendingPathComponent("models/scoring/weights.json")
    let onDisk = try ScoringModel.decode(Data(contentsOf: file))
    #expect(onDisk == ScoringModel.standard)
}

/// A calibration table interpolates between its points and stays flat outside them.
@Test func calibrationInterpolatesAndClamps() {
    let table = ScoringModel.Calibration.table(raw: [0.2, 0.6, 1.0], calibrated: [0.1, 0.5, 0.9])
    #expect(table.apply(0) == 0.1)
    #expect(abs(table.apply(0.4) - 0.3) < 1e-9)
    #expect(table.apply(1.2) == 0.9)
}

/// Platt scaling maps raw 0.5 to σ(intercept), keeps order, and reads back from its JSON form.
@Test func logisticCalibrationAppliesAndRoundTrips() throws {
    let platt = ScoringModel.Calibration.logistic(intercept: -0.5, slope: 1.5)
    #expect(abs(platt.apply(0.5) - 1 / (1 + exp(0.5))) < 1e-9)
    #expect(platt.apply(0.9) > platt.apply(0.6))
    #expect(platt.apply(1.0) < 1 && platt.apply(0) > 0)
    let json = Data(#"{"intercept": -0.5, "slope": 1.5}"#.utf8)
    #expect(try JSONDecoder().decode(ScoringModel.Calibration.self, from: json) == platt)
    let table = Data(#"{"raw": [0.2, 1.0], "calibrated": [0.1, 0.9]}"#.utf8)
    #expect(
        try JSONDecoder().decode(ScoringModel.Calibration.self, from: table)
            == .table(raw: [0.2, 1.0], calibrated: [0.1, 0.9]))
}

/// Every text field has weights, and every weight names a feature the scorer can emit.
@Test func standardModelCoversEveryTextField() {
    for field in TextField.allCases {
        #expect(ScoringModel.standard.fields[field.key] != nil, "no weights for \(field.key)")
    }
}

/// Protects the fitted type-size bands: one type measured a little taller on a line of
/// capitals ("Ixna" 25 px over "Family Health Care" 26 px) is the same type; a legal-form line
/// in somewhat smaller type is a similar type but not the same; the same band lies inside the
/// similar one, and both hold 1.
@Test func typeSizeBandsAreOrderedAndHoldOneType() {
    let sizes = ScoringModel.standard.typeSizes
    #expect(sizes.same.count == 2 && sizes.similar.count == 2)
    #expect(sizes.sameType.contains(1))
    #expect(sizes.sameType.contains(25.0 / 26.0) && sizes.sameType.contains(26.0 / 25.0))
    #expect(sizes.similarType.lowerBound < sizes.sameType.lowerBound)
    #expect(sizes.similarType.upperBound > sizes.sameType.upperBound)
    #expect(sizes.similarType.contains(1 / 1.25) && !sizes.sameType.contains(1 / 1.25))
    #expect(!sizes.similarType.contains(2))
}

/// Protects the fitted line gap: lines printed with a line's height between them are one stack,
/// lines two heights apart are not.
@Test func lineGapHoldsOneLineHeightAndNotTwo() throws {
    let gap = try #require(ScoringModel.standard.lineGap)
    #expect(gap > 1 && gap < 2)
}

/// A type-size band that is no [lower, upper] pair is refused when the model file is read.
@Test func malformedTypeSizeBandsAreRefused() {
    for bad in [#"{"same": [1.2, 0.8], "similar": [0.7, 1.3]}"#, #"{"same": [0.8], "similar": [0.7, 1.3]}"#] {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ScoringModel.TypeSizes.self, from: Data(bad.utf8))
        }
    }
    let good = #"{"same": [0.85, 1.18], "similar": [0.75, 1.33]}"#
    let decoded = try? JSONDecoder().decode(ScoringModel.TypeSizes.self, from: Data(good.utf8))
    #expect(decoded?.sameType == 0.85...1.18)
}
