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
    let table = ScoringModel.Calibration(raw: [0.2, 0.6, 1.0], calibrated: [0.1, 0.5, 0.9])
    #expect(table.apply(0) == 0.1)
    #expect(abs(table.apply(0.4) - 0.3) < 1e-9)
    #expect(table.apply(1.2) == 0.9)
}

/// Every text field has weights, and every weight names a feature the scorer can emit.
@Test func standardModelCoversEveryTextField() {
    for field in TextField.allCases {
        #expect(ScoringModel.standard.fields[field.key] != nil, "no weights for \(field.key)")
    }
}
