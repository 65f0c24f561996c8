package io.hexmirror.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.generation.DerivedKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every file the catalog writes is one generations leave out, so bundles never carry pages. */
class CatalogLayoutTest {
    @Test
    void everyCatalogPathIsADerivedFile() {
        List<String> keys = List.of(CatalogLayout.INDEX, CatalogLayout.packageDataKey("plug"), CatalogLayout.FRONT_PAGE,
                CatalogLayout.packagePageKey("plug"), CatalogLayout.SEARCH_PAGE, CatalogLayout.SEARCH_INDEX, CatalogLayout.STYLE,
                CatalogLayout.SCRIPT, CatalogLayout.listPageKey("name", 1));
        assertThat(keys).allSatisfy(key -> assertThat(DerivedKeys.isDerived(key)).as(key).isTrue());
        assertThat(DerivedKeys.isDerived("packages/plug")).isFalse();
        assertThat(DerivedKeys.isDerived("tarballs/plug-1.0.0.tar")).isFalse();
    }
}
