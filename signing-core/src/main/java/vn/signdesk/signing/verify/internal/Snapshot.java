package vn.signdesk.signing.verify.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSBoolean;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNull;
import org.apache.pdfbox.cos.COSNumber;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import vn.signdesk.signing.verify.SignatureCoverage.Placement;

/**
 * One parsed revision of a PDF as a graph of numbered objects, with the role each object plays:
 * catalog, form field, widget, page, annotation, validation data, signature dictionary.
 *
 * <p>Every walk is bounded (visited sets, a depth limit, a node budget) because the input is hostile:
 * field trees and page trees with cycles, deeply nested arrays, references to themselves. An object
 * that cannot be parsed resolves to null rather than failing the whole analysis.
 */
final class Snapshot {

    static final COSName BYTE_RANGE = COSName.getPDFName("ByteRange");
    static final COSName DSS = COSName.getPDFName("DSS");
    static final COSName DOC_TIME_STAMP = COSName.getPDFName("DocTimeStamp");
    static final COSName ETSI_RFC3161 = COSName.getPDFName("ETSI.RFC3161");
    static final COSName OBJ_STM = COSName.getPDFName("ObjStm");

    /** Deeper nesting than this is treated as different (and is not something a real PDF has). */
    static final int MAX_DEPTH = 100;

    private static final int MAX_NODES = 500_000;

    final PDDocument document;
    final COSDocument cos;
    final Map<COSObjectKey, Long> xref;
    final COSObjectKey rootKeyOrNull;
    final COSDictionary catalogOrNull;

    /** Terminal or intermediate form fields by key; the value is its fully qualified name. */
    final Map<COSObjectKey, String> fieldNames = new HashMap<>();
    /** Form fields whose type (inherited) is /Sig. */
    final Set<COSObjectKey> signatureFields = new HashSet<>();
    /** Signature fields with a value: already signed in this revision. */
    final Set<COSObjectKey> signedFields = new HashSet<>();
    /** Widget annotations (including field-widget merged dictionaries) to their field. */
    final Map<COSObjectKey, COSObjectKey> widgetField = new HashMap<>();
    /** Page objects to their one-based page number. */
    final Map<COSObjectKey, Integer> pages = new HashMap<>();
    /** Form fields flagged read-only (/Ff bit 1, inherited). */
    final Set<COSObjectKey> readOnlyFields = new HashSet<>();
    /** Field locks (/Lock) of signed signature fields, ISO 32000-1 §12.7.4.5 table 233. */
    final List<FieldLock> locks = new ArrayList<>();
    /** Intermediate nodes of the page tree (/Type /Pages). */
    final Set<COSObjectKey> pageTreeNodes = new HashSet<>();
    /** Indirect /Annots arrays to their page number. */
    final Map<COSObjectKey, Integer> annotsArrays = new HashMap<>();
    /** Annotations listed in a page's /Annots, to the page number. */
    final Map<COSObjectKey, Integer> annotations = new HashMap<>();
    /** Page content streams to their page number. */
    final Map<COSObjectKey, Integer> pageContents = new HashMap<>();
    /** The form's default resources (/DR) and their category dictionaries (/Font, ...) held by reference. */
    final Set<COSObjectKey> defaultResources = new HashSet<>();
    /** Objects reachable from the catalog's /DSS. */
    final Set<COSObjectKey> dssObjects = new HashSet<>();
    /** Signature dictionaries in document order, with the name of the field holding them. */
    final Map<COSDictionary, String> signatures = new LinkedHashMap<>();
    /** Keys of signature dictionaries that are indirect objects. */
    final Map<COSDictionary, COSObjectKey> signatureKeys = new IdentityHashMap<>();
    /** Where the document holds each signature dictionary. */
    final Map<COSDictionary, Placement> placements = new IdentityHashMap<>();

    /** The DocMDP permission of a certification signature (ISO 32000-1 §12.8.2.2): 1, 2 or 3; 0 if none. */
    int docMdpPermission;

    COSObjectKey acroFormKeyOrNull;
    COSObjectKey fieldsArrayKeyOrNull;
    COSObjectKey infoKeyOrNull;
    COSObjectKey metadataKeyOrNull;

    private Map<COSObjectKey, List<COSObjectKey>> referrers;
    private Map<Long, Integer> generations;
    private int budget = MAX_NODES;

    Snapshot(PDDocument document) {
        this.document = document;
        this.cos = document.getDocument();
        this.xref = new HashMap<>(cos.getXrefTable());
        COSDictionary trailer = cos.getTrailer();
        this.rootKeyOrNull = trailer == null ? null : keyOf(trailer.getItem(COSName.ROOT));
        this.infoKeyOrNull = trailer == null ? null : keyOf(trailer.getItem(COSName.INFO));
        COSBase root = trailer == null ? null : deref(trailer.getItem(COSName.ROOT));
        this.catalogOrNull = root instanceof COSDictionary d ? d : null;
        if (catalogOrNull != null) {
            metadataKeyOrNull = keyOf(catalogOrNull.getItem(COSName.METADATA));
            walkPages();
            walkFields();
            walkSignatureWidgetsOutsideForm();
            walkDss();
            docMdpPermission = docMdp(catalogOrNull);
        }
        scanSignatureDictionaries();
    }

    /** The object with this key, parsed, or null if it is absent or unreadable. */
    COSBase resolve(COSObjectKey key) {
        if (!xref.containsKey(key)) {
            return null;
        }
        try {
            COSObject o = cos.getObjectFromPool(key);
            COSBase b = o == null ? null : o.getObject();
            return b instanceof COSNull ? null : b;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The generation of each object number in use. */
    Map<Long, Integer> generations() {
        if (generations == null) {
            generations = new HashMap<>();
            for (COSObjectKey k : xref.keySet()) {
                generations.put(k.getNumber(), k.getGeneration());
            }
        }
        return generations;
    }

    static COSObjectKey keyOf(COSBase b) {
        return b instanceof COSObject o ? o.getKey() : null;
    }

    static COSBase deref(COSBase b) {
        try {
            return b instanceof COSObject o ? o.getObject() : b;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static boolean isStructural(COSBase b) {
        return b instanceof COSStream s
                && (COSName.XREF.equals(s.getCOSName(COSName.TYPE)) || OBJ_STM.equals(s.getCOSName(COSName.TYPE)));
    }

    static boolean isDocumentTimestamp(COSDictionary sig) {
        return DOC_TIME_STAMP.equals(sig.getCOSName(COSName.TYPE))
                || ETSI_RFC3161.equals(sig.getCOSName(COSName.SUB_FILTER));
    }

    /** The objects whose own (direct) content refers to {@code key}; the trailer counts as a null key. */
    List<COSObjectKey> referrersOf(COSObjectKey key) {
        if (referrers == null) {
            referrers = new HashMap<>();
            for (COSObjectKey k : xref.keySet()) {
                COSBase b = resolve(k);
                if (b != null) {
                    Set<COSObjectKey> refs = new HashSet<>();
                    collectRefs(b, refs, 0);
                    for (COSObjectKey r : refs) {
                        referrers.computeIfAbsent(r, x -> new ArrayList<>()).add(k);
                    }
                }
            }
            COSDictionary trailer = cos.getTrailer();
            if (trailer != null) {
                Set<COSObjectKey> refs = new HashSet<>();
                collectRefs(trailer, refs, 0);
                for (COSObjectKey r : refs) {
                    referrers.computeIfAbsent(r, x -> new ArrayList<>()).add(null);
                }
            }
        }
        return referrers.getOrDefault(key, List.of());
    }

    /** The references held directly in an object (not following them). */
    static Set<COSObjectKey> collectRefsOf(COSBase b) {
        Set<COSObjectKey> out = new HashSet<>();
        collectRefs(b, out, 0);
        return out;
    }

    /** Adds the references held directly in an object (not following them). */
    static void collectRefs(COSBase b, Set<COSObjectKey> out, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (b instanceof COSObject o) {
            if (o.getKey() != null) {
                out.add(o.getKey());
            }
        } else if (b instanceof COSDictionary d) {
            for (COSBase v : d.getValues()) {
                collectRefs(v, out, depth + 1);
            }
        } else if (b instanceof COSArray a) {
            for (int i = 0; i < a.size(); i++) {
                collectRefs(a.get(i), out, depth + 1);
            }
        }
    }

    /** Whether two objects are the same, comparing references by key and streams by their raw bytes. */
    static boolean same(COSBase a, COSBase b, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return a == null && b instanceof COSNull || b == null && a instanceof COSNull;
        }
        if (a instanceof COSObject || b instanceof COSObject) {
            if (!(a instanceof COSObject) || !(b instanceof COSObject)) {
                return false;
            }
            COSObjectKey ka = ((COSObject) a).getKey();
            COSObjectKey kb = ((COSObject) b).getKey();
            return ka != null && ka.equals(kb);
        }
        if (a instanceof COSNumber na && b instanceof COSNumber nb) {
            return sameNumber(na, nb);
        }
        if (a.getClass() != b.getClass()) {
            return false;
        }
        if (a instanceof COSStream sa) {
            return sameDict(sa, (COSStream) b, depth) && Arrays.equals(raw(sa), raw((COSStream) b));
        }
        if (a instanceof COSDictionary da) {
            return sameDict(da, (COSDictionary) b, depth);
        }
        if (a instanceof COSArray aa) {
            COSArray ab = (COSArray) b;
            if (aa.size() != ab.size()) {
                return false;
            }
            for (int i = 0; i < aa.size(); i++) {
                if (!same(aa.get(i), ab.get(i), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof COSString sa) {
            return Arrays.equals(sa.getBytes(), ((COSString) b).getBytes());
        }
        if (a instanceof COSBoolean ba) {
            return ba.getValue() == ((COSBoolean) b).getValue();
        }
        return a.equals(b);
    }

    /**
     * Whether two numbers are the same value: integers exactly; a real as written by another writer
     * ({@code 0} for {@code 0.0}, six significant digits for more) within a thousandth of a point or
     * a hundred-thousandth of its value, which no page shows.
     */
    private static boolean sameNumber(COSNumber a, COSNumber b) {
        if (a instanceof COSInteger && b instanceof COSInteger) {
            return a.longValue() == b.longValue();
        }
        double x = a.floatValue();
        double y = b.floatValue();
        return Math.abs(x - y) <= Math.max(1e-3, 1e-5 * Math.max(Math.abs(x), Math.abs(y)));
    }

    private static boolean sameDict(COSDictionary a, COSDictionary b, int depth) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (COSName k : a.keySet()) {
            if (!same(a.getItem(k), b.getItem(k), depth + 1)) {
                return false;
            }
        }
        return true;
    }

    /** The keys whose values differ between two dictionaries (stream data compared separately). */
    static Set<COSName> changedKeys(COSDictionary a, COSDictionary b) {
        Set<COSName> all = new HashSet<>(a.keySet());
        all.addAll(b.keySet());
        Set<COSName> changed = new HashSet<>();
        for (COSName k : all) {
            if (!same(a.getItem(k), b.getItem(k), 1)) {
                changed.add(k);
            }
        }
        return changed;
    }

    static byte[] raw(COSStream s) {
        try (InputStream in = s.createRawInputStream()) {
            return in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            // an unreadable stream compares equal to nothing but another unreadable one
            return new byte[] {(byte) 0xde, (byte) 0xad};
        }
    }

    private void walkPages() {
        COSBase pagesRoot = catalogOrNull.getItem(COSName.PAGES);
        Deque<COSBase> stack = new ArrayDeque<>();
        if (pagesRoot != null) {
            stack.push(pagesRoot);
        }
        Set<Object> seen = new HashSet<>();
        int number = 0;
        // depth-first in /Kids order: push kids in reverse so page numbers follow the document
        while (!stack.isEmpty() && budget-- > 0) {
            COSBase item = stack.pop();
            COSObjectKey key = keyOf(item);
            COSBase node = deref(item);
            if (!(node instanceof COSDictionary d) || !seen.add(key != null ? key : new IdentityKey(node))) {
                continue;
            }
            if (d.getDictionaryObject(COSName.KIDS) instanceof COSArray kids) {
                if (key != null) {
                    pageTreeNodes.add(key);
                }
                for (int i = kids.size() - 1; i >= 0; i--) {
                    if (kids.get(i) != null) {
                        stack.push(kids.get(i));
                    }
                }
                continue;
            }
            number++;
            if (key != null) {
                pages.put(key, number);
            }
            COSBase annots = d.getItem(COSName.ANNOTS);
            if (keyOf(annots) != null) {
                annotsArrays.put(keyOf(annots), number);
            }
            if (deref(annots) instanceof COSArray list) {
                for (int i = 0; i < list.size(); i++) {
                    COSObjectKey ak = keyOf(list.get(i));
                    if (ak != null) {
                        annotations.put(ak, number);
                    }
                }
            }
            COSBase contents = d.getItem(COSName.CONTENTS);
            if (keyOf(contents) != null) {
                pageContents.put(keyOf(contents), number);
            }
            if (deref(contents) instanceof COSArray parts) {
                for (int i = 0; i < parts.size(); i++) {
                    COSObjectKey ck = keyOf(parts.get(i));
                    if (ck != null) {
                        pageContents.put(ck, number);
                    }
                }
            }
        }
    }

    private void walkFields() {
        COSBase af = catalogOrNull.getItem(COSName.ACRO_FORM);
        acroFormKeyOrNull = keyOf(af);
        if (!(deref(af) instanceof COSDictionary acroForm)) {
            return;
        }
        COSBase dr = acroForm.getItem(COSName.DR);
        if (keyOf(dr) != null) {
            defaultResources.add(keyOf(dr));
        }
        if (deref(dr) instanceof COSDictionary resources) {
            for (COSBase category : resources.getValues()) {
                if (keyOf(category) != null) {
                    defaultResources.add(keyOf(category));
                }
            }
        }
        COSBase fields = acroForm.getItem(COSName.FIELDS);
        fieldsArrayKeyOrNull = keyOf(fields);
        if (!(deref(fields) instanceof COSArray top)) {
            return;
        }
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < top.size(); i++) {
            walkField(top.get(i), "", null, 0, seen, 0);
        }
    }

    private void walkField(
            COSBase item, String parentName, COSName inheritedType, int inheritedFlags, Set<Object> seen, int depth) {
        COSBase node = deref(item);
        COSObjectKey key = keyOf(item);
        if (!(node instanceof COSDictionary d) || depth > MAX_DEPTH || budget-- <= 0) {
            return;
        }
        if (!seen.add(key != null ? key : new IdentityKey(node))) {
            return;
        }
        String partial = d.getString(COSName.T);
        String name = partial == null ? parentName : parentName.isEmpty() ? partial : parentName + "." + partial;
        COSName type = d.getCOSName(COSName.FT, inheritedType);
        int flags = d.getInt(COSName.FF, inheritedFlags);
        boolean isWidgetOnly = partial == null && d.containsKey(COSName.SUBTYPE) && !d.containsKey(COSName.FT);
        if (isWidgetOnly && depth > 0) {
            return; // a widget kid: recorded by its parent
        }
        if (key != null) {
            fieldNames.put(key, name);
            if ((flags & 1) != 0) {
                readOnlyFields.add(key);
            }
            if (COSName.SIG.equals(type)) {
                signatureFields.add(key);
            }
        }
        COSBase value = d.getDictionaryObject(COSName.V);
        if (COSName.SIG.equals(type) && value instanceof COSDictionary sig) {
            if (key != null) {
                signedFields.add(key);
            }
            if (d.getDictionaryObject(COSName.getPDFName("Lock")) instanceof COSDictionary lock) {
                locks.add(FieldLock.of(name, lock));
            }
            addSignature(sig, name, keyOf(d.getItem(COSName.V)), Placement.FORM_FIELD);
        }
        if (COSName.WIDGET.equals(d.getCOSName(COSName.SUBTYPE)) && key != null) {
            widgetField.put(key, key);
        }
        if (d.getDictionaryObject(COSName.KIDS) instanceof COSArray kids) {
            for (int i = 0; i < kids.size(); i++) {
                COSBase kid = kids.get(i);
                COSBase kd = deref(kid);
                if (kd instanceof COSDictionary kidDict
                        && !kidDict.containsKey(COSName.T)
                        && !kidDict.containsKey(COSName.FT)
                        && COSName.WIDGET.equals(kidDict.getCOSName(COSName.SUBTYPE))) {
                    if (keyOf(kid) != null && key != null) {
                        widgetField.put(keyOf(kid), key);
                    }
                } else {
                    walkField(kid, name, type, flags, seen, depth + 1);
                }
            }
        }
    }

    private void walkDss() {
        COSBase dss = catalogOrNull.getItem(DSS);
        Deque<COSBase> stack = new ArrayDeque<>();
        if (dss != null) {
            stack.push(dss);
        }
        while (!stack.isEmpty() && budget-- > 0) {
            COSBase item = stack.pop();
            COSObjectKey key = keyOf(item);
            if (key != null && !dssObjects.add(key)) {
                continue;
            }
            COSBase b = deref(item);
            if (b instanceof COSStream) {
                continue;
            }
            if (b instanceof COSDictionary d) {
                for (COSBase v : d.getValues()) {
                    if (v != null) {
                        stack.push(v);
                    }
                }
            } else if (b instanceof COSArray a) {
                for (int i = 0; i < a.size(); i++) {
                    if (a.get(i) != null) {
                        stack.push(a.get(i));
                    }
                }
            }
        }
    }

    private void addSignature(COSDictionary sig, String name, COSObjectKey keyOrNull, Placement placement) {
        if (signatures.containsKey(sig)) {
            return;
        }
        signatures.put(sig, name == null || name.isEmpty() ? null : name);
        placements.put(sig, placement);
        if (keyOrNull != null) {
            signatureKeys.putIfAbsent(sig, keyOrNull);
        }
    }

    /**
     * Signature widgets on pages whose field the form does not list (a signer that leaves its field
     * out of /AcroForm /Fields): the field is the widget or its /Parent chain, whose /FT and /V are
     * inherited (ISO 32000-1 §12.7.3.1).
     */
    private void walkSignatureWidgetsOutsideForm() {
        List<COSObjectKey> keys = new ArrayList<>(annotations.keySet());
        keys.sort(Comparator.comparingLong(COSObjectKey::getNumber));
        for (COSObjectKey k : keys) {
            if (widgetField.containsKey(k) || fieldNames.containsKey(k) || budget-- <= 0) {
                continue;
            }
            if (!(resolve(k) instanceof COSDictionary widget)
                    || !COSName.WIDGET.equals(widget.getCOSName(COSName.SUBTYPE))) {
                continue;
            }
            COSName type = null;
            COSDictionary holder = null;
            List<String> names = new ArrayList<>();
            Set<COSDictionary> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (COSDictionary d = widget; d != null && seen.size() < MAX_DEPTH && seen.add(d); ) {
                type = type != null ? type : d.getCOSName(COSName.FT);
                if (holder == null && d.getDictionaryObject(COSName.V) != null) {
                    holder = d;
                }
                if (d.getString(COSName.T) != null) {
                    names.add(0, d.getString(COSName.T));
                }
                d = d.getDictionaryObject(COSName.PARENT) instanceof COSDictionary parent ? parent : null;
            }
            if (COSName.SIG.equals(type)
                    && holder != null
                    && holder.getDictionaryObject(COSName.V) instanceof COSDictionary sig
                    && !(sig instanceof COSStream)
                    && sig.containsKey(BYTE_RANGE)) {
                addSignature(
                        sig,
                        String.join(".", names),
                        keyOf(holder.getItem(COSName.V)),
                        Placement.PAGE_WIDGET_OUTSIDE_FORM);
            }
        }
    }

    /**
     * Signature dictionaries that no signature field holds, found by their /ByteRange among all objects
     * of the revision, with where they are held: a usage-rights signature in /Perms, some other
     * object, or nothing at all (a leftover, or a dictionary planted for a parser that scans bytes).
     */
    private void scanSignatureDictionaries() {
        List<COSObjectKey> keys = new ArrayList<>(xref.keySet());
        keys.sort((x, y) -> Long.compare(x.getNumber(), y.getNumber()));
        for (COSObjectKey k : keys) {
            if (budget-- <= 0) {
                return;
            }
            COSBase b = resolve(k);
            if (b instanceof COSDictionary d
                    && !(b instanceof COSStream)
                    && d.containsKey(BYTE_RANGE)
                    && !signatures.containsKey(d)) {
                addSignature(d, null, k, strayPlacement(k, d));
            }
        }
    }

    private Placement strayPlacement(COSObjectKey k, COSDictionary sig) {
        if (catalogOrNull != null && catalogOrNull.getDictionaryObject(COSName.PERMS) instanceof COSDictionary perms) {
            for (COSName right : List.of(COSName.getPDFName("UR"), COSName.getPDFName("UR3"))) {
                if (perms.getDictionaryObject(right) == sig) {
                    return Placement.USAGE_RIGHTS;
                }
            }
        }
        return referrersOf(k).stream().anyMatch(r -> r != null && !r.equals(k))
                ? Placement.OTHER_REFERENCE
                : Placement.UNREFERENCED;
    }

    /** Whether a signed signature field's lock covers the field of this fully qualified name. */
    String lockingSignatureOrNull(String fieldName) {
        for (FieldLock lock : locks) {
            if (lock.covers(fieldName)) {
                return lock.signatureField();
            }
        }
        return null;
    }

    /**
     * A /Lock dictionary: /Action /All, /Include or /Exclude over /Fields.
     *
     * @param signatureField the name of the signature field that holds it
     */
    record FieldLock(String signatureField, String action, Set<String> fields) {
        static FieldLock of(String signatureField, COSDictionary lock) {
            Set<String> names = new HashSet<>();
            if (lock.getDictionaryObject(COSName.FIELDS) instanceof COSArray a) {
                for (int i = 0; i < a.size() && i < 10_000; i++) {
                    if (deref(a.get(i)) instanceof COSString s) {
                        names.add(s.getString());
                    }
                }
            }
            COSName action = lock.getCOSName(COSName.getPDFName("Action"));
            return new FieldLock(signatureField, action == null ? "All" : action.getName(), names);
        }

        boolean covers(String fieldName) {
            if (fieldName == null || fieldName.equals(signatureField)) {
                return false;
            }
            return switch (action) {
                case "Include" -> fields.contains(fieldName);
                case "Exclude" -> !fields.contains(fieldName);
                default -> true;
            };
        }
    }

    /** The /P of the DocMDP transform of the certification signature in /Perms, 0 if none. */
    private static int docMdp(COSDictionary catalog) {
        if (!(catalog.getDictionaryObject(COSName.PERMS) instanceof COSDictionary perms)
                || !(perms.getDictionaryObject(COSName.getPDFName("DocMDP")) instanceof COSDictionary sig)
                || !(sig.getDictionaryObject(COSName.getPDFName("Reference")) instanceof COSArray refs)) {
            return 0;
        }
        for (int i = 0; i < refs.size() && i < 100; i++) {
            if (deref(refs.get(i)) instanceof COSDictionary ref
                    && COSName.getPDFName("DocMDP").equals(ref.getCOSName(COSName.getPDFName("TransformMethod")))) {
                COSBase params = ref.getDictionaryObject(COSName.getPDFName("TransformParams"));
                int p = params instanceof COSDictionary d ? d.getInt(COSName.P, 2) : 2;
                return p >= 1 && p <= 3 ? p : 2;
            }
        }
        return 0;
    }

    /** Identity of a direct object, for visited sets. */
    private record IdentityKey(Object o) {
        @Override
        public boolean equals(Object other) {
            return other instanceof IdentityKey k && k.o == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(o);
        }
    }
}
