import FHIRModels
import NativeModel
import Terminology

extension ObservationInbound {
    /// The row of the measure's table.
    mutating func mapRow(
        _ definition: MeasureDefinition, originalCode: String?, provenance: (source: String, externalID: String?)
    ) -> MappedObservation.Row? {
        let measure = definition.measure
        if measure == .bloodPressure { return bloodPressure(definition, originalCode: originalCode, provenance) }
        if observation.value == nil, observation.dataAbsentReason != nil {
            errors.append(.error(.notSupported, "The Observation has no value (dataAbsentReason): there is nothing to store",
                                 at: "Observation.dataAbsentReason"))
            return nil
        }
        let value = quantity(observation.value, definition, at: "Observation.value")
        switch measure {
        case .steps, .walkingDistance, .activeEnergy, .exerciseDuration:
            for field in ["steps", "distance_m", "energy_kcal", "active_minutes"] {
                fieldPaths[field] = "Observation.valueQuantity.value"
            }
            guard let span = activitySpan(), let value else { return nil }
            let record = MeasureRows.setting(measure, to: value, in: ActivityRecord(
                span: span, source: provenance.source, externalID: provenance.externalID))
            return .activity(record, measure)
        case .sleepDuration:
            guard let (span, asleepMinutes) = sleep(value) else { return nil }
            fieldPaths["asleep_minutes"] = "Observation.valueQuantity.value"
            return .sleep(SleepRecord(span: span, asleepMinutes: asleepMinutes, source: provenance.source,
                                      externalID: provenance.externalID))
        default:
            guard let time = pointInTime(), let value else { return nil }
            fieldPaths["value"] = "Observation.valueQuantity.value"
            if let analyte = MeasureRows.analyte(of: measure) {
                return .bloodTest(BloodTestRecord(
                    measuredAt: time, analyte: analyte, value: value, fasting: originalCode == "1558-6" ? true : nil,
                    loincCode: originalCode, source: provenance.source, externalID: provenance.externalID))
            }
            guard let kind = MeasureRows.vitalSignKind(of: measure) else { return nil }
            return .vitalSign(VitalSignRecord(measuredAt: time, kind: kind, value: value, loincCode: originalCode,
                                              source: provenance.source, externalID: provenance.externalID))
        }
    }

    private mutating func bloodPressure(
        _ definition: MeasureDefinition, originalCode: String?, _ provenance: (source: String, externalID: String?)
    ) -> MappedObservation.Row? {
        var readings: [Measure: Double] = [:]
        for (index, component) in observation.component.enumerated() {
            let path = "Observation.component[\(index)]"
            let codes = (component.code?.coding ?? []).filter { $0.system?.value == FHIRSystems.loinc }.compactMap(\.code?.value)
            let componentMeasures = codes.compactMap { MeasureCatalog.definition(forLOINC: $0)?.measure }
            guard let measure = componentMeasures.first(where: { [.systolicBloodPressure, .diastolicBloodPressure].contains($0) })
            else {
                warnings.append(.warning(.notSupported, "Only the systolic (8480-6) and diastolic (8462-4) components are "
                    + "stored; this one is not", at: path))
                continue
            }
            if component.value == nil, component.dataAbsentReason != nil {
                errors.append(.error(.notSupported, "The \(measure == .systolicBloodPressure ? "systolic" : "diastolic") "
                    + "pressure has no value (dataAbsentReason); a blood pressure needs both", at: "\(path).dataAbsentReason"))
                continue
            }
            fieldPaths[measure == .systolicBloodPressure ? "systolic" : "diastolic"] = "\(path).valueQuantity.value"
            if let value = quantity(component.value, MeasureCatalog.definition(of: measure), at: "\(path).value") {
                readings[measure] = value
            }
        }
        for (measure, name) in [(Measure.systolicBloodPressure, "systolic (8480-6)"), (.diastolicBloodPressure, "diastolic (8462-4)")]
        where readings[measure] == nil && !errors.contains(where: { $0.expression?.hasPrefix("Observation.component") == true }) {
            errors.append(.error(.required, "A blood pressure needs a \(name) component with a valueQuantity",
                                 at: "Observation.component"))
        }
        if observation.value != nil {
            warnings.append(.warning(.notSupported, "A blood pressure panel carries its values in components; "
                + "Observation.value is not stored", at: "Observation.value"))
        }
        guard let time = pointInTime(), let systolic = readings[.systolicBloodPressure],
              let diastolic = readings[.diastolicBloodPressure]
        else { return nil }
        return .vitalSign(VitalSignRecord(measuredAt: time, kind: .bloodPressure, systolic: systolic, diastolic: diastolic,
                                          loincCode: originalCode, source: provenance.source,
                                          externalID: provenance.externalID))
    }

    // MARK: values

    /// A valueQuantity in the measure's canonical unit.
    private mutating func quantity(_ value: ObservationValue?, _ definition: MeasureDefinition, at path: String) -> Double? {
        guard let value else {
            errors.append(.error(.required, "\(definition.code.code) needs a valueQuantity in \(definition.unit.code)",
                                 at: path + "Quantity"))
            return nil
        }
        guard case .quantity(let quantity) = value else {
            errors.append(.error(.notSupported, "\(definition.code.code) is a quantity: send value\(value.type == "Quantity" ? "" : "Quantity"), "
                + "not value\(ElementSpec.choiceSuffix(value.type))", at: path + ElementSpec.choiceSuffix(value.type)))
            return nil
        }
        let path = path + "Quantity"
        guard let number = quantity.value?.double else {
            errors.append(.error(.required, "The quantity has no value", at: "\(path).value"))
            return nil
        }
        if let comparator = quantity.comparator?.value {
            errors.append(.error(.notSupported, "A value with comparator '\(comparator)' is not a measurement the gateway "
                + "can store", at: "\(path).comparator"))
            return nil
        }
        guard let unit = unitCode(quantity, definition, at: path) else { return nil }
        do {
            let canonical = try definition.canonicalValue(number, unit: unit)
            let what = String(definition.measure.rawValue.map { $0 == "-" ? " " : $0 })
            let written = unit == definition.unit.code ? quantity.value?.value : nil
            if let issue = MeasureRows.plausibleRange(of: definition.measure)
                .check(canonical, field: "", what: what, written: written) {
                errors.append(.error(.value, issue.message, at: "\(path).value"))
                return nil
            }
            guard unit != definition.unit.code else { return canonical }
            let rounded = canonical.rounded(toPlaces: MeasureRows.decimalPlaces(definition.measure))
            warnings.append(FHIRIssue(.information, .informational, "Converted \(quantity.value?.value ?? "") \(unit) to "
                + "\(rounded.compactDescription) \(definition.unit.code), the unit the gateway stores", at: path))
            return rounded
        } catch {
            errors.append(.error(.value, "\(error)", at: "\(path).code"))
            return nil
        }
    }

    /// The UCUM code of a quantity: `code` with the UCUM system, or, from EHRs that send only a
    /// human unit, a `unit` that is itself a UCUM code the measure accepts.
    private mutating func unitCode(_ quantity: Quantity, _ definition: MeasureDefinition, at path: String) -> String? {
        let system = quantity.system?.value
        if let system, system != FHIRSystems.ucum {
            errors.append(.error(.codeInvalid, "Units must be UCUM (\(FHIRSystems.ucum)), not \(system)", at: "\(path).system"))
            return nil
        }
        if let code = quantity.code?.value { return code }
        if let unit = quantity.unit?.value, definition.acceptedUnits.contains(unit) {
            warnings.append(.warning(.informational, "The quantity has no UCUM code; its unit '\(unit)' was read as one",
                                     at: "\(path).unit"))
            return unit
        }
        if let unit = quantity.unit?.value, unit == definition.unit.display {  // `mmHg`, `beats/minute`
            warnings.append(.warning(.informational, "The quantity has no UCUM code; its unit '\(unit)' was read as "
                + "\(definition.unit.code)", at: "\(path).unit"))
            return definition.unit.code
        }
        if quantity.unit == nil, system == nil, definition.unitImpliedByCode {
            warnings.append(.warning(.incomplete, "The quantity has no unit; \(definition.code.code) is measured in "
                + "\(definition.unit.code), so the value was stored in \(definition.unit.code)", at: path))
            return definition.unit.code
        }
        errors.append(.error(.required, "The quantity needs a UCUM code (system \(FHIRSystems.ucum)); \(definition.code.code) "
            + "accepts \(definition.acceptedUnits.joined(separator: ", "))", at: "\(path).code"))
        return nil
    }
}
