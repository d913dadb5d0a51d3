package vn.signdesk.signing.verify;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.xades.XAdESSignatureParameters;
import eu.europa.esig.dss.xades.signature.XAdESService;
import eu.europa.esig.dss.xades.tsl.TrustedListV6SignatureParametersBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds ETSI TS 119 612 (v2.2.1, TSLVersionIdentifier 6) trusted lists and lists of trusted lists
 * for tests, checks them against the standard's schema and signs them the way a scheme operator does
 * (enveloped XAdES-BASELINE-B, DSS's trusted-list signature parameters): {@code aTrustedList()
 * .service(ca, GRANTED).signedBy(operator)}.
 */
public final class TrustedListFixture {

    public static final String GRANTED = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted";
    public static final String WITHDRAWN = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn";
    public static final String CA_QC = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC";
    public static final String EU_GENERIC = "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric";
    public static final String EU_LOTL = "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists";

    private TrustedListFixture() {}

    /** A scheme operator's signing key and self-signed certificate, valid from a day ago for a year. */
    public record Operator(PrivateKey key, X509Certificate certificate) {}

    public static Operator operator(String commonName) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair pair = g.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName + ",O=SignDesk test scheme operator,C=VN");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(1, ChronoUnit.DAYS)),
                    Date.from(now.plus(365, ChronoUnit.DAYS)),
                    name,
                    pair.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new Operator(pair.getPrivate(), cert);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a test scheme operator", e);
        }
    }

    public static TrustedList aTrustedList() {
        return new TrustedList();
    }

    public static ListOfTrustedLists aListOfTrustedLists() {
        return new ListOfTrustedLists();
    }

    /** One trust service: a certificate and its current status, since the given time. */
    public record Service(X509Certificate identity, String status, Instant since) {}

    /** A pointer from a LOTL to a TL: where it lives and who signs it. */
    public record Pointer(String location, X509Certificate tlSigner) {}

    /** A trusted list with one trust service provider. */
    public static final class TrustedList {
        private final List<Service> services = new ArrayList<>();
        private Instant issued = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        private Duration validFor = Duration.ofDays(180);

        public TrustedList service(X509Certificate identity, String status) {
            services.add(new Service(identity, status, issued.minus(30, ChronoUnit.DAYS)));
            return this;
        }

        public TrustedList issuedAt(Instant issuedAt, Duration nextUpdateAfter) {
            this.issued = issuedAt.truncatedTo(ChronoUnit.SECONDS);
            this.validFor = nextUpdateAfter;
            return this;
        }

        public String xml() {
            StringBuilder sb = new StringBuilder();
            for (Service s : services) {
                sb.append(
                        """
                        <TSPService>
                          <ServiceInformation>
                            <ServiceTypeIdentifier>%s</ServiceTypeIdentifier>
                            <ServiceName><Name xml:lang="en">Demo issuing service</Name></ServiceName>
                            <ServiceDigitalIdentity>
                              <DigitalId><X509Certificate>%s</X509Certificate></DigitalId>
                            </ServiceDigitalIdentity>
                            <ServiceStatus>%s</ServiceStatus>
                            <StatusStartingTime>%s</StatusStartingTime>
                          </ServiceInformation>
                        </TSPService>
                        """
                                .formatted(CA_QC, base64(s.identity()), s.status(), s.since()));
            }
            String tsps =
                    """
                    <TrustServiceProviderList>
                      <TrustServiceProvider>
                        <TSPInformation>
                          <TSPName><Name xml:lang="en">SignDesk demo certification authority</Name></TSPName>
                          <TSPAddress>
                            <PostalAddresses>
                              <PostalAddress xml:lang="en">
                                <StreetAddress>1 Trang Tien</StreetAddress>
                                <Locality>Ha Noi</Locality>
                                <CountryName>VN</CountryName>
                              </PostalAddress>
                            </PostalAddresses>
                            <ElectronicAddress><URI xml:lang="en">mailto:ca@example.vn</URI></ElectronicAddress>
                          </TSPAddress>
                          <TSPInformationURI><URI xml:lang="en">https://ca.example.vn/</URI></TSPInformationURI>
                        </TSPInformation>
                        <TSPServices>
                        %s
                        </TSPServices>
                      </TrustServiceProvider>
                    </TrustServiceProviderList>
                    """
                            .formatted(sb);
            return list(EU_GENERIC, "", tsps, issued, validFor);
        }

        /** The list signed by the operator, as a file's bytes. */
        public byte[] signedBy(Operator operator) {
            return sign(xml(), operator);
        }
    }

    /** A list of trusted lists: pointers to TLs and the certificates each is signed with. */
    public static final class ListOfTrustedLists {
        private final List<Pointer> pointers = new ArrayList<>();

        public ListOfTrustedLists pointer(String location, X509Certificate tlSigner) {
            pointers.add(new Pointer(location, tlSigner));
            return this;
        }

        public String xml() {
            StringBuilder sb = new StringBuilder("<PointersToOtherTSL>\n");
            for (Pointer p : pointers) {
                sb.append(
                        """
                        <OtherTSLPointer>
                          <ServiceDigitalIdentities>
                            <ServiceDigitalIdentity>
                              <DigitalId><X509Certificate>%s</X509Certificate></DigitalId>
                            </ServiceDigitalIdentity>
                          </ServiceDigitalIdentities>
                          <TSLLocation>%s</TSLLocation>
                          <AdditionalInformation>
                            <OtherInformation><TSLType>%s</TSLType></OtherInformation>
                            <OtherInformation>
                              <SchemeOperatorName><Name xml:lang="en">Demo scheme operator</Name></SchemeOperatorName>
                            </OtherInformation>
                            <OtherInformation>
                              <SchemeTypeCommunityRules>
                                <URI xml:lang="en">http://uri.etsi.org/TrstSvc/TrustedList/schemerules/EUcommon</URI>
                              </SchemeTypeCommunityRules>
                            </OtherInformation>
                            <OtherInformation><SchemeTerritory>VN</SchemeTerritory></OtherInformation>
                            <OtherInformation>
                              <tslx:MimeType xmlns:tslx="http://uri.etsi.org/02231/v2/additionaltypes#">application/vnd.etsi.tsl+xml</tslx:MimeType>
                            </OtherInformation>
                          </AdditionalInformation>
                        </OtherTSLPointer>
                        """
                                .formatted(base64(p.tlSigner()), p.location(), EU_GENERIC));
            }
            sb.append("</PointersToOtherTSL>\n");
            Instant issued = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            return list(EU_LOTL, sb.toString(), "", issued, Duration.ofDays(180));
        }

        public byte[] signedBy(Operator operator) {
            return sign(xml(), operator);
        }
    }

    private static String list(String type, String pointers, String providers, Instant issued, Duration validFor) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#" Id="tsl" TSLTag="http://uri.etsi.org/19612/TSLTag">
                  <SchemeInformation>
                    <TSLVersionIdentifier>6</TSLVersionIdentifier>
                    <TSLSequenceNumber>1</TSLSequenceNumber>
                    <TSLType>%s</TSLType>
                    <SchemeOperatorName><Name xml:lang="en">Demo scheme operator</Name></SchemeOperatorName>
                    <SchemeOperatorAddress>
                      <PostalAddresses>
                        <PostalAddress xml:lang="en">
                          <StreetAddress>1 Trang Tien</StreetAddress>
                          <Locality>Ha Noi</Locality>
                          <CountryName>VN</CountryName>
                        </PostalAddress>
                      </PostalAddresses>
                      <ElectronicAddress><URI xml:lang="en">mailto:tl@example.vn</URI></ElectronicAddress>
                    </SchemeOperatorAddress>
                    <SchemeName><Name xml:lang="en">VN:Demo trusted list</Name></SchemeName>
                    <SchemeInformationURI><URI xml:lang="en">https://tl.example.vn/</URI></SchemeInformationURI>
                    <StatusDeterminationApproach>http://uri.etsi.org/TrstSvc/TrustedList/StatusDetn/EUappropriate</StatusDeterminationApproach>
                    <SchemeTypeCommunityRules>
                      <URI xml:lang="en">http://uri.etsi.org/TrstSvc/TrustedList/schemerules/EUcommon</URI>
                    </SchemeTypeCommunityRules>
                    <SchemeTerritory>VN</SchemeTerritory>
                    <PolicyOrLegalNotice><TSLLegalNotice xml:lang="en">Test list.</TSLLegalNotice></PolicyOrLegalNotice>
                    <HistoricalInformationPeriod>65535</HistoricalInformationPeriod>
                    %s
                    <ListIssueDateTime>%s</ListIssueDateTime>
                    <NextUpdate><dateTime>%s</dateTime></NextUpdate>
                    <DistributionPoints><URI>https://tl.example.vn/tl.xml</URI></DistributionPoints>
                  </SchemeInformation>
                  %s
                </TrustServiceStatusList>
                """
                .formatted(type, pointers, issued, issued.plus(validFor), providers);
    }

    /** Checks the list against TS 119 612's schema, then signs it as DSS's TL signature parameters say. */
    public static byte[] sign(String xml, Operator operator) {
        try {
            DSSDocument doc = new InMemoryDocument(xml.getBytes(StandardCharsets.UTF_8), "tl.xml");
            TrustedListV6SignatureParametersBuilder builder =
                    new TrustedListV6SignatureParametersBuilder(new CertificateToken(operator.certificate()), doc);
            builder.assertConfigurationIsValid();
            XAdESSignatureParameters params = builder.build();
            XAdESService service = new XAdESService(new CommonCertificateVerifier());
            ToBeSigned toBeSigned = service.getDataToSign(doc, params);
            Signature s = Signature.getInstance(params.getSignatureAlgorithm().getJCEId());
            s.initSign(operator.key());
            s.update(toBeSigned.getBytes());
            DSSDocument signed =
                    service.signDocument(doc, params, new SignatureValue(params.getSignatureAlgorithm(), s.sign()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            signed.writeTo(out);
            return out.toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the test list", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String base64(X509Certificate c) {
        try {
            return Base64.getEncoder().encodeToString(c.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
