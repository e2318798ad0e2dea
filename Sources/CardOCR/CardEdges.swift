import CardModel
import Foundation

/// Finds a card by its outline when thresholding cannot: a photo whose background has a
/// lighting gradient and a card graphic touching the card's edge (every threshold splits the
/// card or joins it to the desk), or a white card on a light, textured desk.
///
/// On the finder's reduced copy: gradient (Sobel on a 3x3 blur), a Hough transform in which each
/// edge pixel votes only near its own gradient direction, the strongest lines, then every
/// pair of near-parallel lines with another such pair that makes a card-shaped quadrilateral.
/// A side is supported where an edge pixel with the side's direction lies on it; the quad whose
/// four sides are all well supported and that is largest (by area times mean support) wins. A
/// dark graphic reaching the card's edge still leaves an edge against the desk there, so the
/// side stays supported where a threshold loses it.
enum CardEdges {
    /// Hough resolution: 1 degree, 1 working pixel.
    static let angleBins = 180
    /// An edge pixel votes for lines within this many degrees of its gradient's direction.
    static let voteSpread = 3
    /// Lines kept for building quadrilaterals.
    static let maxLines = 28

    struct Line {
        /// Normal angle (radians, 0 ..< pi) and signed distance: x cos(theta) + y sin(theta) = rho.
        var theta: Double
        var rho: Double
        var votes: Int
        /// Prefix sums of support along the line, indexed by t - tMin.
        var tMin: Int
        var prefix: [Int]

        var direction: Point { Point(x: -sin(theta), y: cos(theta)) }

        func t(of p: Point) -> Double { p.x * -sin(theta) + p.y * cos(theta) }

        /// The share of the segment between two points on the line that has an edge under it.
        func support(from a: Point, to b: Point) -> Double {
            let (t0, t1) = (t(of: a), t(of: b))
            let lo = Int(min(t0, t1).rounded()) - tMin
            let hi = Int(max(t0, t1).rounded()) - tMin
            let length = hi - lo + 1
            guard length > 0 else { return 0 }
            let n = prefix.count - 1  // positions along the line
            let from = max(0, min(lo, n - 1))
            let to = max(0, min(hi, n - 1))
            let count = prefix[to + 1] - prefix[from]
            return Double(count) / Double(length)
        }
    }

    /// The gradient of a grey image: magnitude (grey levels per pixel across a step) and the
    /// normal's angle in 0 ..< pi.
    struct Gradient {
        let width: Int
        let height: Int
        var magnitude: [Float]
        var angle: [Float]

        /// `minMagnitude`: the angle is computed only where the magnitude reaches it.
        init(_ pixels: GreyPixels, minMagnitude: Float) {
            width = pixels.width
            height = pixels.height
            let (w, h) = (width, height)
            magnitude = [Float](repeating: 0, count: w * h)
            angle = [Float](repeating: 0, count: w * h)
            guard w >= 5, h >= 5 else { return }
            // 3x3 box blur: paper grain and JPEG noise are not edges.
            var blur = [Float](repeating: 0, count: w * h)
            for y in 1..<(h - 1) {
                for x in 1..<(w - 1) {
                    var s = 0
                    for dy in -1...1 {
                        let row = (y + dy) * w
                        s += Int(pixels.values[row + x - 1]) + Int(pixels.values[row + x])
                            + Int(pixels.values[row + x + 1])
                    }
                    blur[y * w + x] = Float(s) / 9
                }
            }
            for y in 2..<(h - 2) {
                for x in 2..<(w - 2) {
                    let i = y * w + x
                    let gx =
                        (blur[i - w + 1] + 2 * blur[i + 1] + blur[i + w + 1] - blur[i - w - 1] - 2 * blur[i - 1]
                            - blur[i + w - 1]) / 4
                    let gy =
                        (blur[i + w - 1] + 2 * blur[i + w] + blur[i + w + 1] - blur[i - w - 1] - 2 * blur[i - w]
                            - blur[i - w + 1]) / 4
                    let m = (gx * gx + gy * gy).squareRoot()
                    magnitude[i] = m
                    // The angle is read only where the magnitude makes an edge.
                    guard m >= minMagnitude else { continue }
                    var a = atan2(gy, gx)
                    if a < 0 { a += .pi }
                    if a >= .pi { a -= .pi }
                    angle[i] = a
                }
            }
        }
    }

    /// The card's outline in `pixels` (the finder's reduced copy), or nil when no four
    /// well-supported lines make a card.
    static func find(_ pixels: GreyPixels, parameters: OCRParameters.CardEdges) -> CardFinder.Component? {
        let (w, h) = (pixels.width, pixels.height)
        guard w >= 40, h >= 40 else { return nil }
        let contrast = Float(parameters.minEdgeContrast)
        let gradient = Gradient(pixels, minMagnitude: contrast)
        let diagonal = Int(hypot(Double(w), Double(h)).rounded(.up))
        let rhoBins = 2 * diagonal + 1

        // Hough votes, each edge pixel near its own direction.
        var accumulator = [Int32](repeating: 0, count: angleBins * rhoBins)
        let cosines = (0..<angleBins).map { cos(Double($0) * .pi / Double(angleBins)) }
        let sines = (0..<angleBins).map { sin(Double($0) * .pi / Double(angleBins)) }
        for y in 0..<h {
            for x in 0..<w {
                let i = y * w + x
                guard gradient.magnitude[i] >= contrast else { continue }
                let centre = Int((Double(gradient.angle[i]) * Double(angleBins) / .pi).rounded())
                for d in -voteSpread...voteSpread {
                    let bin = ((centre + d) % angleBins + angleBins) % angleBins
                    let rho = Int((Double(x) * cosines[bin] + Double(y) * sines[bin]).rounded()) + diagonal
                    accumulator[bin * rhoBins + rho] += 1
                }
            }
        }

        // Peaks: local maxima over +/-4 degrees and +/-6 pixels, long enough to be a side.
        let minSide = CardFinder.minSideFraction * Double(min(w, h))
        let minVotes = Int32(0.6 * minSide)
        var peaks: [(bin: Int, rho: Int, votes: Int32)] = []
        for bin in 0..<angleBins {
            for r in 0..<rhoBins {
                let v = accumulator[bin * rhoBins + r]
                guard v >= minVotes else { continue }
                var isPeak = true
                search: for db in -4...4 {
                    // Angles wrap with rho's sign: (theta + pi, -rho) is the same line.
                    var b = bin + db
                    var rr = r
                    if b < 0 {
                        b += angleBins
                        rr = 2 * diagonal - r
                    } else if b >= angleBins {
                        b -= angleBins
                        rr = 2 * diagonal - r
                    }
                    for dr in -6...6 {
                        let q = rr + dr
                        guard q >= 0, q < rhoBins, db != 0 || dr != 0 else { continue }
                        let u = accumulator[b * rhoBins + q]
                        if u > v || (u == v && (b * rhoBins + q) < bin * rhoBins + r) {
                            isPeak = false
                            break search
                        }
                    }
                }
                if isPeak { peaks.append((bin, r, v)) }
            }
        }
        peaks.sort { $0.votes > $1.votes }
        let lines = peaks.prefix(maxLines).map { peak -> Line in
            let theta = Double(peak.bin) * .pi / Double(angleBins)
            return supportedLine(
                theta: theta, rho: Double(peak.rho - diagonal), votes: Int(peak.votes), gradient: gradient,
                contrast: contrast)
        }
        guard lines.count >= 4 else { return nil }

        // Pairs of near-parallel lines far enough apart to be opposite sides.
        func angleBetween(_ a: Line, _ b: Line) -> Double {
            var d = abs(a.theta - b.theta)
            if d > .pi / 2 { d = .pi - d }
            return d * 180 / .pi
        }
        var pairs: [(Int, Int)] = []
        for i in lines.indices {
            for j in lines.indices where j > i && angleBetween(lines[i], lines[j]) <= 20 {
                pairs.append((i, j))
            }
        }
        let pageArea = Double(w * h)
        var best: (score: Double, corners: [Point], support: Double)?
        for (p, first) in pairs.enumerated() {
            for second in pairs[(p + 1)...] {
                guard (50...90).contains(angleBetween(lines[first.0], lines[second.0])) else { continue }
                let a = lines[first.0]
                let b = lines[first.1]
                let c = lines[second.0]
                let d = lines[second.1]
                // Corners in order around the quadrilateral: a-c, c-b, b-d, d-a.
                guard let p1 = intersection(a, c), let p2 = intersection(c, b), let p3 = intersection(b, d),
                    let p4 = intersection(d, a)
                else { continue }
                let raw = [p1, p2, p3, p4]
                guard raw.allSatisfy({ $0.x >= -2 && $0.y >= -2 && $0.x <= Double(w) + 1 && $0.y <= Double(h) + 1 })
                else { continue }
                let ordered = CardFinder.uprightOrder(raw)
                guard CardFinder.isPlausibleCard(ordered) else { continue }
                let sides = [
                    (ordered[0], ordered[1]), (ordered[1], ordered[2]), (ordered[2], ordered[3]),
                    (ordered[3], ordered[0]),
                ]
                guard sides.allSatisfy({ $0.0.distance(to: $0.1) >= minSide }) else { continue }
                let area = CardFinder.polygonArea(ordered)
                guard area >= 0.03 * pageArea, area <= 0.95 * pageArea else { continue }
                // Each side's support on the line it lies on.
                var supports: [Double] = []
                for (u, v) in sides {
                    let mid = Point(x: (u.x + v.x) / 2, y: (u.y + v.y) / 2)
                    let line = [a, b, c, d].min { distance(mid, to: $0) < distance(mid, to: $1) }
                    guard let line else { break }
                    supports.append(line.support(from: u, to: v))
                }
                guard supports.count == 4, let weakest = supports.min(), weakest >= parameters.minSideSupport
                else { continue }
                let mean = supports.reduce(0, +) / 4
                let score = area * mean
                if score > best?.score ?? 0 { best = (score, ordered, mean) }
            }
        }
        guard let best else { return nil }
        let c = best.corners
        let minX = max(0, Int(c.map(\.x).min() ?? 0))
        let minY = max(0, Int(c.map(\.y).min() ?? 0))
        let maxX = min(w, Int((c.map(\.x).max() ?? 0).rounded(.up)) + 1)
        let maxY = min(h, Int((c.map(\.y).max() ?? 0).rounded(.up)) + 1)
        let box = PixelBox(x: minX, y: minY, width: maxX - minX, height: maxY - minY)
        let touched =
            (box.x <= 1 ? 1 : 0) + (box.y <= 1 ? 1 : 0) + (box.maxX >= w - 1 ? 1 : 0) + (box.maxY >= h - 1 ? 1 : 0)
        let clamped = c.map { Point(x: min(max($0.x, 0), Double(w - 1)), y: min(max($0.y, 0), Double(h - 1))) }
        return CardFinder.Component(
            box: box, areaFraction: CardFinder.polygonArea(clamped) / pageArea, corners: clamped,
            bordersTouched: touched, isSolidQuad: true)
    }

    /// How much brighter the paper just inside the quadrilateral is than what lies just outside
    /// it (medians of samples a few pixels either side of each side): a card on a desk is
    /// brighter than the desk; a frame or panel inside a card is not.
    static func insideContrast(_ corners: [Point], _ pixels: GreyPixels) -> Int {
        guard corners.count == 4 else { return 0 }
        let cx = corners.map(\.x).reduce(0, +) / 4
        let cy = corners.map(\.y).reduce(0, +) / 4
        let offset = max(3, 0.03 * Double(min(pixels.width, pixels.height)))
        var inside: [Int] = []
        var outside: [Int] = []
        for i in 0..<4 {
            let (a, b) = (corners[i], corners[(i + 1) % 4])
            let length = a.distance(to: b)
            guard length > 0 else { continue }
            var n = Point(x: -(b.y - a.y) / length, y: (b.x - a.x) / length)
            let mid = Point(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2)
            // Point the normal outward (away from the centre).
            if (mid.x - cx) * n.x + (mid.y - cy) * n.y < 0 { n = Point(x: -n.x, y: -n.y) }
            for k in 1..<20 {
                let f = Double(k) / 20
                let p = Point(x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f)
                for (sign, list) in [(-1.0, 0), (1.0, 1)] {
                    let x = Int((p.x + sign * offset * n.x).rounded())
                    let y = Int((p.y + sign * offset * n.y).rounded())
                    guard x >= 0, y >= 0, x < pixels.width, y < pixels.height else { continue }
                    let v = Int(pixels.values[y * pixels.width + x])
                    if list == 0 { inside.append(v) } else { outside.append(v) }
                }
            }
        }
        guard inside.count >= 10, outside.count >= 10 else { return 0 }
        return inside.sorted()[inside.count / 2] - outside.sorted()[outside.count / 2]
    }

    /// The line with, for every position along it inside the image, whether an edge pixel of
    /// the line's direction lies within 2 pixels across it.
    static func supportedLine(theta: Double, rho: Double, votes: Int, gradient: Gradient, contrast: Float) -> Line {
        let (cosT, sinT) = (cos(theta), sin(theta))
        let base = Point(x: rho * cosT, y: rho * sinT)
        let direction = Point(x: -sinT, y: cosT)
        let diagonal = Int(hypot(Double(gradient.width), Double(gradient.height)).rounded(.up))
        let tolerance = Float(20 * Double.pi / 180)
        var flags: [Int] = []
        let tMin = -diagonal
        for t in tMin...diagonal {
            let p = Point(x: base.x + Double(t) * direction.x, y: base.y + Double(t) * direction.y)
            var hit = 0
            for off in -2...2 {
                let x = Int((p.x + Double(off) * cosT).rounded())
                let y = Int((p.y + Double(off) * sinT).rounded())
                guard x >= 0, y >= 0, x < gradient.width, y < gradient.height else { continue }
                let i = y * gradient.width + x
                guard gradient.magnitude[i] >= contrast else { continue }
                var d = abs(gradient.angle[i] - Float(theta))
                if d > .pi / 2 { d = .pi - d }
                if d <= tolerance {
                    hit = 1
                    break
                }
            }
            flags.append(hit)
        }
        var prefix = [0]
        prefix.reserveCapacity(flags.count + 1)
        for f in flags { prefix.append(prefix[prefix.count - 1] + f) }
        return Line(theta: theta, rho: rho, votes: votes, tMin: tMin, prefix: prefix)
    }

    static func intersection(_ a: Line, _ b: Line) -> Point? {
        let (c1, s1, c2, s2) = (cos(a.theta), sin(a.theta), cos(b.theta), sin(b.theta))
        let det = c1 * s2 - s1 * c2
        guard abs(det) > 1e-6 else { return nil }
        return Point(x: (a.rho * s2 - b.rho * s1) / det, y: (c1 * b.rho - c2 * a.rho) / det)
    }

    static func distance(_ p: Point, to line: Line) -> Double {
        abs(p.x * cos(line.theta) + p.y * sin(line.theta) - line.rho)
    }
}
