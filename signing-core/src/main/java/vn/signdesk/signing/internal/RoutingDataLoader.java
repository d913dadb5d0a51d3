package vn.signdesk.signing.internal;

import eu.europa.esig.dss.spi.client.http.DataLoader;
import eu.europa.esig.dss.spi.exception.DSSExternalResourceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.signdesk.signing.LocalResponder;

/**
 * A DSS {@link DataLoader} that answers URLs under known bases from in-process responders and
 * passes every other URL to a network loader.
 */
public final class RoutingDataLoader implements DataLoader {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, LocalResponder> local;
    private final DataLoader network;

    /**
     * @param local base URL (without trailing slash) to responder
     * @param network the loader for everything else
     */
    public RoutingDataLoader(Map<String, LocalResponder> local, DataLoader network) {
        this.local = Map.copyOf(local);
        this.network = network;
    }

    @Override
    public byte[] get(String url) {
        return route(url, null).orElseGet(() -> network.get(url));
    }

    @Override
    public DataAndUrl get(List<String> urls) {
        List<String> remote = new ArrayList<>();
        for (String url : urls) {
            Optional<byte[]> answer = route(url, null);
            if (answer.isPresent()) {
                return new DataAndUrl(url, answer.get());
            }
            remote.add(url);
        }
        if (remote.isEmpty()) {
            throw new DSSExternalResourceException("no local responder answered " + urls);
        }
        return network.get(remote);
    }

    @Override
    public byte[] post(String url, byte[] content) {
        return route(url, content).orElseGet(() -> network.post(url, content));
    }

    @Override
    public void setContentType(String contentType) {
        network.setContentType(contentType);
    }

    private Optional<byte[]> route(String url, byte[] bodyOrNull) {
        for (Map.Entry<String, LocalResponder> e : local.entrySet()) {
            String base = e.getKey();
            if (url.startsWith(base) && (url.length() == base.length() || url.charAt(base.length()) == '/')) {
                String path = url.length() == base.length() ? "/" : url.substring(base.length());
                return Optional.of(e.getValue()
                        .respond(path, bodyOrNull)
                        .orElseThrow(() -> new DSSExternalResourceException("nothing at " + url)));
            }
        }
        return Optional.empty();
    }
}
