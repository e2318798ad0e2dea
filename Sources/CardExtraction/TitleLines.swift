/// Titles, departments and company names printed on two or three lines.
enum TitleLines {
    /// For each title-like (or department-like) segment, the other segments that continue it.
    ///
    /// Titles: a line directly below (aligned, similar font size, same script) continues a title
    /// line when the title line ends in a connector or a comma ("Head of Research &"), when it
    /// holds role words, or scope words after a president ("Senior Vice President" / "Global
    /// Operations"), and no department word, or when it fits no field at all ("Partnerships and
    /// Alliances"). After other roles a scope line is a department ("Customer Success Lead" /
    /// "Global Procurement"), as the test cards print it. A line of seniority words directly
    /// above the role line begins the title ("SENIOR SALES" / "MANAGER").
    ///
    /// Departments: a line with a unit word takes the line above it when that one ends in a
    /// connector and fits no field ("Cloud Infrastructure &" / "Platform Department"), and a
    /// department line ending in a connector takes the line below.
    ///
    /// Companies: a line with a legal form takes the line directly above it (aligned, similar
    /// size, same script) when that one has no legal form and is no person, role, unit, number or
    /// address ("Amazon Internet" / "Services Private Limited"); any company line takes the line
    /// above that opens its name with a legal form or an article ("PT", "The", "Công ty").
    static func continuations(
        of field: TextField, segments: [Segment], scores: [SegmentScores], eligible: [Bool],
        fitsNoFieldBelow: Double, typeSizes: ScoringModel.TypeSizes, lineGap: Double
    ) -> [Int: [Int]] {
        // Ratios of type sizes (this line's over the other's) of one type, and of a similar one.
        let sameTypeSize = typeSizes.sameType
        let similarTypeSize = typeSizes.similarType
        func dangling(_ k: Int) -> Bool { endsOpen(segments[k].text) }
        // A line that begins with a lower-case connector ("of Technology", "and Research") goes on
        // with the line above it: a name wrapped before its connector.
        func resuming(_ k: Int) -> Bool {
            let words = segments[k].text.split(separator: " ")
            guard words.count >= 2, let first = words.first, first.first?.isLowercase == true else {
                return false
            }
            return LineScorer.connectors.contains(Text.fold(String(first)))
        }
        func fitsNothing(_ k: Int) -> Bool {
            let s = scores[k]
            // A line without letters ("2140-9781", a phone OCR cut from its area code) holds no
            // words of a name, title or unit.
            return TextField.allCases.allSatisfy { s[$0] < fitsNoFieldBelow } && !s.nameLike && !s.tagline
                && !Text.containsHan(segments[k].text) && !s.addressLike
                && segments[k].text.contains(where: \.isLetter)
        }
        // The first line of a two-line company name: no legal form of its own, not a person, a
        // role, a unit, a tagline, a number or an unsure reading, in the script of the line below.
        func companyHead(_ k: Int, above i: Int) -> Bool {
            let s = scores[k]
            let text = segments[k].text
            // A business word beside a word of the card's domain names the firm, not a unit
            // ("Elmi Engineering" / "Works LLP" on elmi.co.in); so does one above company words
            // alone, with or without a legal form ("RIRAVI ENGINEERING" / "WORKS", "Ribel
            // Engineering" / "Works Private Limited"): no unit is named before "Works".
            let unitFree = s.features["no_department_words"] > 0 || s.features["domain_resemblance"] > 0
                || (companyWordsOnly(i) && scores[i].features["legal_form"] == 0) || genericWithForm(i)
            // Under a legal form with nothing but company words before it ("Electricals Pvt. Ltd.",
            // no name of its own) the head is the firm's name even when it reads as a person's
            // and spells the e-mail ("Jai Laxmi" beside jailaxmi@): firms are named after people.
            let person = !genericWithForm(i)
                && (s.nameLike || s.features["email_match"] > 0 || s[.name] >= TextField.name.threshold + 1)
            // A legal-form line that spells the card's domain by itself ("Northwind Traders Ltd."
            // beside northwind.com) has its name: a line above it that does not is the unit
            // ("Business Design Office", "Tax & Advisory").
            let namedBelow =
                scores[i].features["domain_resemblance"] > 0 && s.features["domain_resemblance"] == 0
                && scores[i].features["legal_form"] > 0 && !genericWithForm(i)
            return s.features["legal_form"] == 0 && unitFree && !person && !s.hasRole && !namedBelow
                && !s.hasDepartmentMarker
                && !s.tagline && Text.digitCount(text) == 0
                && s.features["low_ocr_confidence"] == 0 && s.features["gibberish"] == 0
                && !s.addressLike && !text.hasSuffix(".")
                && Text.containsHan(text) == Text.containsHan(segments[i].text)
        }
        // A legal form after company words alone: "Electricals Pvt. Ltd.", "Textiles Pvt. Ltd.",
        // "Enterprises Private Limited" (a form of several words counts word by word).
        func genericWithForm(_ i: Int) -> Bool {
            let lexicons = Lexicons.shared
            let words = Text.foldedWords(segments[i].text)
            let phraseWords = Set(
                lexicons.companyFormPhrases.matches(inFolded: words.joined(separator: " "))
                    .flatMap { $0.split(separator: " ").map(String.init) })
            return scores[i].features["legal_form"] > 0
                && words.contains(where: lexicons.companyWords.contains)
                && words.allSatisfy { word in
                    lexicons.companyWords.contains(word) || lexicons.isCompanyForm(word)
                        || phraseWords.contains(word)
                }
        }
        // The line below a company line that ends its name: nothing but a legal form, in type
        // of a similar size; or, under a one- or two-word wordmark without company words, a
        // descriptor of company words only ("Travel", "IT Solutions") in type no larger than the
        // same type (`sameTypeSize`: "Ixna" / "Family Health Care" measured a little taller); or,
        // under a standout wordmark, a line in capitals that no field wants ("ATHLETICS").
        func companyTail(_ j: Int, below i: Int) -> Bool {
            let s = scores[j]
            let text = segments[j].text
            let words = text.split(separator: " ").count
            // The country that ends a name opening with its legal form ("Công ty TNHH Tekzo" /
            // "Việt Nam", "PT Ixrumi" / "Indonesia"), in type of a similar size.
            if opensWithLegalForm(i), Lexicons.shared.countries[Text.fold(text)] != nil,
                similarTypeSize.contains(segments[j].size / max(1, segments[i].size))
            {
                return true
            }
            // A street word in a descriptor of company words ("Training Centre") is no address.
            let addressLike = s.addressLike && s.features["company_word"] == 0
            let plain = !s.hasRole && !addressLike && !s.tagline && Text.digitCount(text) == 0
                && s.features["email_match"] == 0 && s.features["gibberish"] == 0 && segments[j].label == nil
            let ratio = segments[j].size / max(1, segments[i].size)
            // Under a line that is nothing but a legal form ("Công ty TNHH" / "Suri Việt Nam",
            // "CÔNG TY CỔ PHẦN" / "BELNE"), the name in type of a similar size, name-shaped or not.
            if scores[i].onlyLegalForms, plain, words <= 5, similarTypeSize.contains(ratio),
                s.features["legal_form"] == 0, !s.hasDepartmentMarker
            {
                return true
            }
            guard plain, !s.nameLike, words <= 3 else { return false }
            // A legal form alone, in type down to 0.4 of the name's ("Tixane Tecnologia" in a
            // large wordmark type, "Ltda." below it).
            if s.onlyLegalForms, (0.4...similarTypeSize.upperBound).contains(ratio) { return true }
            let head = scores[i]
            let headWords = segments[i].text.split(separator: " ").count
            guard ratio <= sameTypeSize.upperBound, head.features["company_word"] == 0,
                head.features["legal_form"] == 0, !s.hasDepartmentMarker, s.features["legal_form"] == 0
            else { return false }
            // Company words under a wordmark: of two words, or three standing out ("Sri Shirdi
            // Sai" / "CATERERS").
            if s.features["company_word"] > 0 {
                return headWords <= 2 || (headWords <= 3 && head.features["standout"] > 0)
            }
            // Under a standout wordmark of up to three words ("NYU" / "ATHLETICS", "Sri Shirdi
            // Sai" / "CATERERS"): a line in capitals that no field wants is its descriptor.
            return headWords <= 3 && head.features["standout"] > 0 && s.features["all_capitals"] > 0
                && TextField.allCases.allSatisfy { s[$0] < $0.threshold }
                && s.features["low_ocr_confidence"] == 0
        }
        // A wordmark k that spells the card's domain, with a descriptor i of company words
        // directly below it in type up to 2.5 times larger or smaller: one name ("Lenlen" /
        // "Children's Hospital", "Vasu" / "Council of Science & Technology" beside vasu.edu). The
        // wordmark has one or two words and no company word, form, role, unit or number; the
        // descriptor up to five words, no form, role, unit, address, tagline or number.
        func markAboveDescriptor(_ k: Int, _ i: Int) -> Bool {
            let (mark, descriptor) = (scores[k], scores[i])
            let ratio = segments[i].size / max(1, segments[k].size)
            func plain(_ s: SegmentScores, _ j: Int) -> Bool {
                s.features["legal_form"] == 0 && !s.hasRole && !s.hasDepartmentMarker && !s.tagline
                    && s.features["email_match"] == 0 && s.features["gibberish"] == 0
                    && s.features["low_ocr_confidence"] == 0 && Text.digitCount(segments[j].text) == 0
                    && segments[j].label == nil && !Text.containsHan(segments[j].text)
            }
            return plain(mark, k) && plain(descriptor, i) && directlyUnder(i, k)
                && (1 / 2.5...2.5).contains(ratio)
                && (1...2).contains(segments[k].text.split(separator: " ").count)
                && mark.features["domain_resemblance"] > 0 && mark.features["company_word"] == 0
                && !mark.nameLike && !mark.addressLike
                && descriptor.features["company_word"] > 0 && descriptor.features["domain_resemblance"] == 0
                && segments[i].text.split(separator: " ").count <= 5
                && (!descriptor.addressLike || descriptor.namesOrganisation) && !descriptor.nameLike
        }
        // A line that starts with a legal form printed before the name ("PT", "Công ty TNHH").
        func opensWithLegalForm(_ k: Int) -> Bool {
            let folded = Text.fold(segments[k].text)
            let lexicons = Lexicons.shared
            if let first = Text.foldedWords(segments[k].text).first,
                lexicons.leadingCompanyForms.contains(first)
            {
                return true
            }
            return lexicons.companyFormPhrases.matches(inFolded: folded).contains {
                folded.hasPrefix($0 + " ")
            }
        }
        // A line that opens with its legal form and does not end in one ("PT Sudor Teknologi",
        // "CÔNG TY TNHH THƯƠNG"): the name after the form may go on below ("Nusantara").
        func namedAfterForm(_ k: Int) -> Bool {
            guard opensWithLegalForm(k), let last = Text.foldedWords(segments[k].text).last else {
                return false
            }
            return !Lexicons.shared.isCompanyForm(last) && !scores[k].onlyLegalForms
        }
        // The first line of a company name that opens with its legal form or its article, in
        // type of a similar size directly above: "PT" / "Arlo Teknologi Nusantara", "The" /
        // "Tivel Collective", and a form of several words broken over the two lines ("Công ty" /
        // "Cổ phần Miri", "Công ty Cổ" / "phần Elna").
        func opensCompany(_ k: Int, above i: Int) -> Bool {
            let head = Text.foldedWords(segments[k].text)
            guard (1...3).contains(head.count), directlyUnder(i, k),
                similarTypeSize.contains(segments[k].size / max(1, segments[i].size)),
                Text.digitCount(segments[k].text) == 0, segments[k].label == nil,
                scores[k].features["email_match"] == 0, !scores[k].hasRole
            else { return false }
            let lexicons = Lexicons.shared
            if head == ["the"] || head.allSatisfy(lexicons.leadingCompanyForms.contains) { return true }
            // A saint's name opens the name of the hospital, school or church called after it
            // ("St. Francis" / "Family Health Care", "St. Xavier's" / "College").
            if head.count >= 2, ["st", "saint", "ste", "sainte", "sankt"].contains(head[0]),
                scores[i].features["company_word"] > 0
            {
                return true
            }
            let phrases = lexicons.companyFormPhrases
            let apart = Set(phrases.matches(inFolded: Text.fold(segments[k].text)))
                .union(phrases.matches(inFolded: Text.fold(segments[i].text)))
            let joined = Text.fold(segments[k].text + " " + segments[i].text)
            return phrases.matches(inFolded: joined).contains { !apart.contains($0) }
        }
        // Line j, directly below company line i in type of the same size, goes on with its name
        // when i ends in a connector ("Tilozo Institute of" / "Technology", "Tozo &" / "Losu"),
        // as a title or unit does, when j is one or two company words ("NOVA TECH" / "SERVICES"),
        // or when no field but the company wants j and it has at most four words ("Olar
        // National" / "Laboratory", "Ixkazo" / "Dental Care"); never a person, role, unit,
        // address, contact, tagline or legal form of its own.
        // One or two company words and nothing else ("SERVICES", "IT Solutions").
        // So is one after the word that makes a unit the organisation itself ("National
        // Laboratory" under "Toru").
        func companyWordsOnly(_ j: Int) -> Bool {
            let lexicons = Lexicons.shared
            let words = Text.foldedWords(segments[j].text)
            return (1...2).contains(words.count)
                && (words.allSatisfy { lexicons.companyWords.contains($0) }
                    || (words.count == 2 && lexicons.organisationBeforeUnit.contains(words[0])
                        && lexicons.companyWords.contains(words[1])))
        }
        func sameTypeContinuation(_ j: Int, of i: Int) -> Bool {
            let s = scores[j]
            let ratio = segments[j].size / max(1, segments[i].size)
            // A unit word alone names no unit: "Westfield Capital" / "Group" is one name.
            let loneUnitWord = s.hasDepartmentMarker && segments[j].text.split(separator: " ").count == 1
                && !Text.containsHan(segments[j].text)
            guard sameTypeSize.contains(ratio), s.features["legal_form"] == 0, !s.nameLike, !s.hasRole,
                !s.hasDepartmentMarker || loneUnitWord, !s.tagline, !s.addressLike,
                Text.digitCount(segments[j].text) == 0,
                s.features["email_match"] == 0, s.features["gibberish"] == 0,
                s.features["low_ocr_confidence"] == 0, segments[j].label == nil,
                scores[i].features["legal_form"] == 0 || namedAfterForm(i)
            else { return false }
            // Company words alone, one or two ("NOVA TECH" / "SERVICES"): the rest of the name.
            if dangling(i) || resuming(j) || loneUnitWord || companyWordsOnly(j) { return true }
            // No field wants j, or only the company does ("Ixkazo" / "Dental Care").
            let companyOnly = TextField.allCases.allSatisfy { f in
                f == .company ? s[f] >= f.threshold : s[f] < fitsNoFieldBelow
            } && !Text.containsHan(segments[j].text)
            return (fitsNothing(j) || companyOnly) && segments[j].text.split(separator: " ").count <= 4
                && Text.containsHan(segments[j].text) == Text.containsHan(segments[i].text)
        }
        // Segment j is nothing but a legal form, right of segment i on its row.
        func formBeside(_ j: Int, _ i: Int) -> Bool {
            scores[j].onlyLegalForms && segments[j].line != segments[i].line
                && Double(segments[j].box.x) > Double(segments[i].box.maxX) - segments[i].height
                && AddressFinder.isRowMate(segments[j], segments[i])
        }
        func directlyUnder(_ j: Int, _ i: Int) -> Bool {
            isDirectlyUnder(segments[j], segments[i], lineGap: lineGap)
        }
        // A line that names a unit and nothing else: a department marker, no role, person,
        // legal form, address, contact or number.
        func isUnitOnly(_ j: Int) -> Bool {
            let s = scores[j]
            return s.hasDepartmentMarker && !s.hasRole && !s.nameLike && !s.tagline
                && (!s.addressLike || s.features["street_word"] > 0)
                && s.features["legal_form"] == 0 && s.features["email_match"] == 0
                && s.features["gibberish"] == 0 && Text.digitCount(segments[j].text) == 0
                && segments[j].label == nil
        }
        // No unit word, role, person, tagline, legal form, address, contact or number.
        func bare(_ j: Int) -> Bool {
            let s = scores[j]
            return !s.hasDepartmentMarker && !s.hasRole && !s.nameLike && !s.tagline && !s.addressLike
                && s.features["legal_form"] == 0 && s.features["email_match"] == 0
                && s.features["gibberish"] == 0 && Text.digitCount(segments[j].text) == 0
                && segments[j].label == nil
        }
        // A line that names a business function and nothing else ("Investor Relations"); with a
        // company word that names no function it names a firm ("Arne Research Institute", not
        // "Logistics Planning").
        func isFunctionOnly(_ j: Int) -> Bool {
            let lexicons = Lexicons.shared
            let firmWord = Text.foldedWords(segments[j].text).contains {
                lexicons.companyWords.contains($0) && !lexicons.departmentAreas.contains($0)
            }
            return scores[j].features["business_function"] > 0 && !firmWord && bare(j)
        }
        // A line of seniority words, with or without a business function, and nothing else; Latin
        // only, at most four words.
        func seniorityHead(_ k: Int) -> Bool {
            scores[k].hasQualifier && bare(k) && !Text.containsHan(segments[k].text)
                && segments[k].text.split(separator: " ").count <= 4
        }
        // A line that fits no field goes on with a title only as words of the title's own kind
        // ("Partnerships and Alliances"): not as hours or other numbers ("Timings: 10 AM - 1 PM"),
        // one piece of a list printed with bars ("Air Tickets | Visa | Tours"), or, on a card
        // with no person's name elsewhere, a name no lexicon knows under the title ("Chief
        // Executive Officer" / "Thirumalai Venugopal").
        let cardHasName = segments.indices.contains {
            eligible[$0] && (scores[$0].nameLike || scores[$0][.name] >= TextField.name.threshold)
        }
        func mayGoOnTitle(_ j: Int) -> Bool {
            let listed = segments.contains { $0.line == segments[j].line && $0.part != segments[j].part }
            let unknownName = !cardHasName && scores[j].features["name_shaped_unknown_words"] > 0
            return !unknownName && Text.digitCount(segments[j].text) < 2 && !listed
        }
        func next(below k: Int, excluding: [Int]) -> Int? {
            segments.indices.filter { j in
                j != k && eligible[j] && !excluding.contains(j)
                    && AddressFinder.isBelow(segments[j], segments[k])
                    && similarTypeSize.contains(segments[j].size / max(1, segments[k].size))
                    && Text.containsHan(segments[j].text) == Text.containsHan(segments[k].text)
            }.min { segments[$0].box.y < segments[$1].box.y }
        }

        var result: [Int: [Int]] = [:]
        var taken = Set<Int>()
        for i in segments.indices
        where eligible[i] && !taken.contains(i) && scores[i][field] >= field.threshold {
            var chain: [Int] = []
            if field == .company {
                // A company name printed on two lines: the legal form on the second ("Amazon
                // Internet" / "Services Private Limited", "Reliance" / "Retail Limited"), or
                // company words alone directly under the rest of the name ("RUBELAR AGRO" /
                // "INDUSTRIES", in one type). Above a legal form the head may be a wordmark in
                // larger type, of one or two words, directly above.
                let wordsOnly = scores[i].features["legal_form"] == 0 && companyWordsOnly(i)
                if scores[i].features["legal_form"] > 0 || wordsOnly,
                    let k = segments.indices.filter({ k in
                        let ratio = segments[k].size / max(1, segments[i].size)
                        return k != i && eligible[k] && !taken.contains(k)
                            && ((AddressFinder.isBelow(segments[i], segments[k])
                                && similarTypeSize.contains(ratio) && (!wordsOnly || directlyUnder(i, k)))
                                || (!wordsOnly && (similarTypeSize.upperBound...2.5).contains(ratio)
                                    && directlyUnder(i, k)
                                    && segments[k].text.split(separator: " ").count <= 2))
                    }).max(by: { segments[$0].box.y < segments[$1].box.y }),
                    companyHead(k, above: i)
                {
                    chain.append(k)
                } else if let k = segments.indices.filter({ k in
                    k != i && eligible[k] && !taken.contains(k)
                        && AddressFinder.isBelow(segments[i], segments[k])
                        && Text.containsHan(segments[k].text) == Text.containsHan(segments[i].text)
                }).max(by: { segments[$0].box.y < segments[$1].box.y }), opensCompany(k, above: i) {
                    chain.append(k)
                } else if let k = segments.indices.first(where: { k in
                    k != i && eligible[k] && !taken.contains(k) && markAboveDescriptor(k, i)
                }) {
                    chain.append(k)
                } else if let j = segments.indices.first(where: { j in
                    j != i && eligible[j] && !taken.contains(j) && markAboveDescriptor(i, j)
                }) {
                    chain.append(j)
                } else if let j = segments.indices.filter({ j in
                    j != i && eligible[j] && !taken.contains(j) && (directlyUnder(j, i) || formBeside(j, i))
                        && Text.containsHan(segments[j].text) == Text.containsHan(segments[i].text)
                }).min(by: { segments[$0].box.y < segments[$1].box.y }),
                    companyTail(j, below: i)
                {
                    // The rest of the name on the line below: its legal form alone ("Saru Infra
                    // Projects Pvt." / "Ltd.", "Hokuto Systems" / "Inc."), or the descriptor under
                    // a wordmark, in smaller type ("zomi" / "Travel", "Ixlen" / "IT Solutions");
                    // or its legal form that OCR read as a line of its own beside it ("Tekdorlen
                    // Holdings Sdn." and "Bhd." on one row).
                    chain.append(j)
                } else if let j = next(below: i, excluding: Array(taken)), sameTypeContinuation(j, of: i) {
                    // A name wrapped onto a second line in its own type, with no legal form
                    // ("Acme Industrial &" / "Marine Supplies", "Olar National" / "Laboratory").
                    chain.append(j)
                } else {
                    continue
                }
            } else if field == .department {
                guard scores[i].hasDepartmentMarker || scores[i][.department] > 0 else { continue }
                let above = segments.indices.filter { k in
                    k != i && eligible[k] && !taken.contains(k)
                        && AddressFinder.isBelow(segments[i], segments[k])
                        && similarTypeSize.contains(segments[k].size / max(1, segments[i].size))
                }.max { segments[$0].box.y < segments[$1].box.y }
                if let k = above, dangling(k), fitsNothing(k) { chain.append(k) }
                var last = i
                if dangling(i), let j = next(below: i, excluding: Array(taken)), fitsNothing(j) {
                    chain.append(j)
                    last = j
                }
                // Units printed one under the other ("サービス部" /
                // "ネットワークサービス部門", "Group Treasury Department" / "Market Risk Section"): each line
                // names a unit of its own, with no role, person, legal form or number (a title
                // that names its unit, "Head, Research Division", keeps the department below).
                // Business functions so printed, in one type ("Business Development" / "Investor
                // Relations"), are one department too.
                while isUnitOnly(i) || isFunctionOnly(i), chain.count < 2,
                    let j = next(below: last, excluding: chain + Array(taken)), directlyUnder(j, last),
                    isUnitOnly(j)
                        || isFunctionOnly(j)
                            && sameTypeSize.contains(segments[j].size / max(1, segments[last].size))
                {
                    chain.append(j)
                    last = j
                }
            } else {
                guard scores[i].hasRole else { continue }
                // A seniority printed on the line above the role, with or without its function
                // ("SENIOR SALES" / "MANAGER", "Deputy General" / "Manager"): the title's first line.
                // So is a business function alone above a role word alone ("Business Development"
                // / "Executive"): the role is the function's.
                let roleAlone = segments[i].text.split(separator: " ").count <= 2
                    && scores[i].features["business_function"] == 0 && !scores[i].hasDepartmentMarker
                if let k = segments.indices.filter({ k in
                    k != i && eligible[k] && !taken.contains(k)
                        && AddressFinder.isBelow(segments[i], segments[k])
                        && (similarTypeSize.contains(segments[k].size / max(1, segments[i].size))
                            || similarTypeSize.contains(
                                Double(segments[k].box.height) / Double(max(1, segments[i].box.height))))
                        && directlyUnder(i, k)
                }).max(by: { segments[$0].box.y < segments[$1].box.y }),
                    seniorityHead(k) || (roleAlone && isFunctionOnly(k))
                {
                    chain.append(k)
                }
                // A title printed with its branch after a bar on the same line ("Assistant
                // Manager | JC Enterprise Surat 1"): the next piece of the line continues it when
                // it has no legal form and is no person, number or address. A head that is a
                // person's name with an honorific role ("Professor Jürgen Krüger | Lecturer") is
                // the name, and the piece after it the title.
                let j = i + 1
                if j < segments.count, eligible[j], !taken.contains(j), !scores[i].nameLike,
                    segments[j].line == segments[i].line,
                    segments[j].part == segments[i].part + 1, segments[j].label == nil
                {
                    let s = scores[j]
                    if s.features["legal_form"] == 0, !s.nameLike, Text.digitCount(segments[j].text) <= 2,
                        s.features["email_match"] == 0, !s.addressLike,
                        s[.name] < TextField.name.threshold + 1
                    {
                        chain.append(j)
                    }
                }
                var last = i
                while chain.count < 2, let j = next(below: last, excluding: chain + Array(taken)) {
                    let s = scores[j]
                    let lastWord =
                        segments[last].text.split(separator: " ").last.map { Text.fold(String($0)) } ?? ""
                    let scoped = ["president", "vp", "svp", "evp", "chair", "chairman"].contains(lastWord)
                    // A second role that names its own unit ("Chief, Division of Nephrology",
                    // "Dean, School of Engineering" under "Professor of Medicine") is the person's
                    // too: a role word and a comma before the unit.
                    let ownUnit =
                        segments[j].text.split(separator: " ").first.map { word in
                            let head = Text.fold(String(word.dropLast()))
                            return word.hasSuffix(",")
                                && (Lexicons.shared.titleRoles.contains(head)
                                    || Lexicons.shared.titleQualifiers.contains(head)
                                    || Lexicons.shared.titleRolesBeforeComma.contains(head))
                        } == true
                    let roleWords = s.hasRole || (s.hasQualifier && (scoped || ownUnit))
                    // A Han line continues a Han title only as a role of its own ("執行役員" /
                    // "営業本部長"): a Han unit or branch line is the department's.
                    let hanRole = s.hasRole && Text.containsHan(segments[last].text)
                    let titleWords =
                        roleWords && (!s.hasDepartmentMarker || ownUnit)
                        && (!Text.containsHan(segments[j].text) || hanRole)
                    // A line with a legal form below the title is the company, not the title's
                    // second line, even when it scores low as a company.
                    let strongOther =
                        s[.name] > TextField.name.threshold + 1
                        || s[.company] > TextField.company.threshold + 1
                        || s.features["legal_form"] > 0
                    // A dangling line above a unit word starts a department, not a title line.
                    let startsDepartment =
                        dangling(j)
                        && next(below: j, excluding: []).map { scores[$0].hasDepartmentMarker } == true
                    guard !strongOther, !startsDepartment,
                        dangling(last) || titleWords || (fitsNothing(j) && mayGoOnTitle(j))
                    else { break }
                    chain.append(j)
                    last = j
                }
            }
            if !chain.isEmpty {
                result[i] = chain
                taken.formUnion(chain)
                taken.insert(i)
            }
        }
        return result
    }

    /// A line that leaves its text open for the next line: it ends in a comma or a connector
    /// ("Head of Research &", "Dorvaka School of").
    static func endsOpen(_ text: String) -> Bool {
        let lastWord = text.split(separator: " ").last.map { Text.fold(String($0)) } ?? ""
        return text.hasSuffix(",") || LineScorer.connectors.contains(lastWord)
    }

    /// Segment `b` starts on the line under segment `a` (any type size: a descriptor is smaller
    /// than its wordmark), with less than `lineGap` of `a`'s line heights (`lineHeight`) between
    /// (`ScoringModel.lineGap`), and aligned with it at the left, the right or the middle.
    static func isDirectlyUnder(_ b: Segment, _ a: Segment, lineGap: Double) -> Bool {
        let (upper, lower) = (a.box, b.box)
        let gap = Double(lower.y - upper.maxY)
        let h = max(1, a.lineHeight)
        guard gap > -0.3 * h, gap < lineGap * h else { return false }
        let tolerance = 0.5 * h
        return abs(Double(upper.x - lower.x)) < tolerance || abs(Double(upper.maxX - lower.maxX)) < tolerance
            || abs(upper.midX - lower.midX) < tolerance
    }

    /// Second looks at the joint assignment's company (`choice`, indexed by `TextField`): the
    /// chosen company keeps a department chain it headed ("Timo School of" / "Medicine"); a unit
    /// line that spells the card's own domain ("Korlozo Group" beside oguz@korlozo.com.tr) is the
    /// company when none was chosen, with the rest of its name when it was broken after a
    /// connector ("Dorvaka School of" / "Medicine" beside porter@dorvaka.nhs.uk), and the
    /// department goes to the best other unit line ("Business Development"); a wordmark,
    /// on one line or stacked ("CADD" / "CENTRE"), yields to a fuller line that starts with its
    /// words ("sazo" / "Sazo Group" further down, "CADD Centre Training Services") or, one word,
    /// holds it ("ARDOREL" / "Perbadanan Ardorel"), taken from the department if need be; and
    /// on a card still without a company, a name wrapped before its legal form is the company
    /// however low its first line scored (`headAboveForm`); a chosen legal-form line takes the
    /// line above it that spells an e-mail's local part (`emailSpelledHead`).
    static func reviseCompany(
        _ choice: inout [Int?], segments: [Segment], scores: [SegmentScores], eligible: [Bool],
        continuations: inout [TextField: [Int: [Int]]], sameType: ClosedRange<Double>, lineGap: Double
    ) {
        let company = TextField.company.rawValue
        let department = TextField.department.rawValue
        // A line chosen as the company keeps what it ran on to as a department's first line
        // ("Timo School of" / "Medicine": the unit word made it a department too, and its next
        // line went to that chain, which only a department choice would have used).
        if let c = choice[company], continuations[.company]?[c] == nil, choice[department] != c,
            let rest = continuations[.department]?[c]
        {
            continuations[.department]?[c] = nil
            continuations[.company, default: [:]][c] = rest
        }
        // A department line is the firm when it spells the card's domain, names a school
        // (`namesSchool`), or is a brand with a business function on the card's first line
        // ("Galway Legal": a unit names itself with a unit word, or with functions alone).
        func isFirm(_ d: Int) -> Bool {
            let f = scores[d].features
            return f["domain_resemblance"] > 0 || namesSchool(d)
                || (!scores[d].hasDepartmentMarker && f["first_line"] > 0 && f["name_shaped_unknown_words"] > 0
                    && f["business_function"] > 0 && continuations[.department]?[d] == nil
                    && !Text.containsHan(segments[d].text))
        }
        // A proper name no lexicon knows before a university's unit ("Tovel School of Medicine",
        // "Suix College of Engineering") names the school itself: on a card with no other
        // organisation it is the company.
        func namesSchool(_ d: Int) -> Bool {
            let text = segments[d].text
            let words = Text.foldedWords(text)
            let lexicons = Lexicons.shared
            guard let first = words.first else { return false }
            let opensMarker = lexicons.departmentMarkers.contains { $0 == first || $0.hasPrefix(first + " ") }
            guard words.count >= 3, text.first?.isUppercase == true, !Text.containsHan(text),
                !lexicons.isNameWord(first), !lexicons.companyWords.contains(first), !opensMarker,
                !lexicons.departmentAreas.contains(first),
                !lexicons.titleRoles.contains(first), !scores[d].hasRole
            else { return false }
            let rest = words.dropFirst().joined(separator: " ")
            return lexicons.departmentMarkers.contains { $0.contains(" ") && rest.hasPrefix($0 + " ") }
        }
        if choice[company] == nil, let d = choice[department], isFirm(d) {
            let rest = continuations[.department]?[d] ?? []
            if rest.isEmpty || (rest.count == 1 && endsOpen(segments[d].text)) {
                choice[company] = d
                choice[department] = nil
                if !rest.isEmpty {
                    continuations[.department]?[d] = nil
                    continuations[.company, default: [:]][d] = rest
                }
                // The department it had been is open again: the best other unit line takes it.
                let used = Set(choice.compactMap { $0 } + continuations.values.flatMap { $0.values.joined() })
                choice[department] = segments.indices.filter { j in
                    eligible[j] && !used.contains(j)
                        && scores[j][.department] > TextField.department.threshold
                }.max { scores[$0][.department] < scores[$1][.department] }
            }
        }
        if choice[company] == nil,
            let head = headAboveForm(
                choice, segments: segments, scores: scores, eligible: eligible,
                continuations: continuations[.company] ?? [:])
        {
            choice[company] = head
        }
        guard let pick = choice[company] else { return }
        if continuations[.company]?[pick] == nil, choice[TextField.name.rawValue] != nil,
            let head = emailSpelledHead(
                above: pick, choice, segments: segments, scores: scores, eligible: eligible,
                sameType: sameType, lineGap: lineGap)
        {
            continuations[.company, default: [:]][pick] = [head]
        }
        let rest = continuations[.company]?[pick] ?? []
        let free = segments.indices.map { i in
            eligible[i] && (!choice.contains(i) || choice[department] == i) && !rest.contains(i)
        }
        let stacked = [pick] + rest
        guard let fuller = fullerCompanyLine(than: stacked, segments: segments, scores: scores, free: free)
        else { return }
        if choice[department] == fuller { choice[department] = nil }
        continuations[.company]?[pick] = nil
        choice[company] = fuller
    }

    /// A firm named as its e-mail is spelled ("Shree Ganesh" / "Textiles Pvt. Ltd." beside
    /// shreeganesh@gmail.com): the line directly above the chosen company's legal-form line, in
    /// its type, that spells an e-mail's local part and that no field took (the card's name is
    /// another line) is the name's first line, unless it holds a role, unit, address, number,
    /// legal form or Han.
    static func emailSpelledHead(
        above pick: Int, _ choice: [Int?], segments: [Segment], scores: [SegmentScores], eligible: [Bool],
        sameType: ClosedRange<Double>, lineGap: Double
    ) -> Int? {
        guard scores[pick].features["legal_form"] > 0 else { return nil }
        return segments.indices.filter { k in
            let s = scores[k]
            return k != pick && eligible[k] && !choice.contains(k) && s.features["email_match"] > 0
                && isDirectlyUnder(segments[pick], segments[k], lineGap: lineGap)
                && sameType.contains(segments[pick].size / max(1, segments[k].size))
                && s.features["legal_form"] == 0 && !s.hasRole && !s.hasDepartmentMarker && !s.addressLike
                && !s.tagline && s.features["gibberish"] == 0 && Text.digitCount(segments[k].text) == 0
                && segments[k].label == nil && !Text.containsHan(segments[k].text)
        }.max { segments[$0].box.y < segments[$1].box.y }
    }

    /// A company name wrapped before its legal form ("Keller Maschinenbau" / "GmbH"), on a card
    /// without a company: the joined lines whose last is nothing but legal forms are the company
    /// although the head alone scored too low (no company word; a surname in it, the person's
    /// name being elsewhere), unless the head holds a role, unit, address, number or contact.
    static func headAboveForm(
        _ choice: [Int?], segments: [Segment], scores: [SegmentScores], eligible: [Bool],
        continuations: [Int: [Int]]
    ) -> Int? {
        continuations.keys.sorted().first { k in
            let s = scores[k]
            guard let tail = continuations[k]?.last, scores[tail].onlyLegalForms, !choice.contains(tail)
            else { return false }
            return eligible[k] && !choice.contains(k) && !s.hasRole && !s.hasDepartmentMarker
                && !s.addressLike && !s.tagline && Text.digitCount(segments[k].text) == 0
                && s.features["email_match"] == 0
                && s.features["gibberish"] == 0 && segments[k].label == nil && !webMarks(segments[k].text)
        }
    }

    /// A line that starts with the words of the company lines `pick` and goes on ("Sazo Group" printed
    /// small beside the wordmark "sazo", "Anvine Group" under "ANVINE"), or holds a one-word
    /// `pick` anywhere ("Perbadanan Ardorel" under "ARDOREL", "CADD Centre Training Services"
    /// beside "CENTRE"): up to four more words, no digits, and no role, person, address or e-mail
    /// evidence (a street word that is also a company word, "Centre", is none), not garbled and no
    /// web address; nil when there is none. `free` marks the segments no field but the
    /// department took.
    static func fullerCompanyLine(
        than pick: [Int], segments: [Segment], scores: [SegmentScores], free: [Bool]
    ) -> Int? {
        let head = pick.flatMap { Text.foldedWords(segments[$0].text) }
        guard !head.isEmpty else { return nil }
        return segments.indices.first { j in
            let words = Text.foldedWords(segments[j].text)
            let s = scores[j]
            return !pick.contains(j) && free[j] && words.count > head.count && words.count <= head.count + 4
                && (Array(words.prefix(head.count)) == head || (head.count == 1 && words.contains(head[0])))
                && !s.hasRole && !s.nameLike && (!s.addressLike || s.namesOrganisation)
                && s.features["email_match"] == 0 && Text.digitCount(segments[j].text) == 0
                && s.features["gibberish"] == 0 && !webMarks(segments[j].text)
        }
    }

    /// A web address misread past recognition ("https: l Jwww CONtOSO conj"): it holds the
    /// company's name, but is no company line.
    static func webMarks(_ text: String) -> Bool {
        let folded = Text.fold(text)
        return folded.contains("http") || folded.contains("www")
    }

    /// The lines of a company name without a wordmark that the next line repeats among more
    /// words ("KARU" / "KARU CONSULTANTS PVT. LTD." is "KARU CONSULTANTS PVT. LTD.", not "KARU KARU
    /// ..."; "anlo" / "Grupo Anlo"). `members` are in reading order.
    static func withoutRepeatedHeads(_ members: [Int], segments: [Segment]) -> [Int] {
        members.indices.filter { n in
            guard n + 1 < members.count else { return true }
            let head = Text.foldedWords(segments[members[n]].text)
            let next = Text.foldedWords(segments[members[n + 1]].text)
            return !(next.count > head.count && contains(next, head))
        }.map { members[$0] }
    }

    /// Whether `words` holds `part` as consecutive words ("grupo anlo" holds "anlo").
    static func contains(_ words: [String], _ part: [String]) -> Bool {
        guard !part.isEmpty, part.count <= words.count else { return false }
        return (0...(words.count - part.count)).contains { Array(words[$0..<($0 + part.count)]) == part }
    }
}
