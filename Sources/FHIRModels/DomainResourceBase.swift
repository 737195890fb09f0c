extension ElementReader {
    /// The elements every DomainResource has (http://hl7.org/fhir/R4/domainresource.html).
    public mutating func domainResourceBase()
        -> (id: FHIRId?, meta: Meta?, text: Narrative?, extensions: [Extension], modifierExtensions: [Extension])
    {
        (primitive("id"), element("meta"), element("text"), elements("extension"), elements("modifierExtension"))
    }
}

extension ElementWriter {
    /// Writes the elements every DomainResource has.
    public mutating func writeDomainResourceBase(
        id: FHIRId?, meta: Meta?, text: Narrative?, extensions: [Extension], modifierExtensions: [Extension]
    ) {
        write("id", id)
        write("meta", meta)
        write("text", text)
        write("extension", extensions)
        write("modifierExtension", modifierExtensions)
    }
}
