package io.hexmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReservedKeysTest {

    @Test
    void keysUnderTheMirrorDirectoryAreReserved() {
        assertThat(ReservedKeys.isReserved(".hexmirror/lock")).isTrue();
        assertThat(ReservedKeys.isReserved(".hexmirror/state/sync.json")).isTrue();
        assertThat(ReservedKeys.isReserved(".hexmirror")).isTrue();
        assertThat(ReservedKeys.isReserved(MirrorLock.KEY)).isTrue();
    }

    @Test
    void reservationIgnoresCaseBecauseSomeFileSystemsDo() {
        assertThat(ReservedKeys.isReserved(".HexMirror/lock")).isTrue();
        assertThat(ReservedKeys.isReserved(".HEXMIRROR")).isTrue();
    }

    @Test
    void repositoryKeysAndLookalikesAreNotReserved() {
        assertThat(ReservedKeys.isReserved("names")).isFalse();
        assertThat(ReservedKeys.isReserved("packages/hexmirror")).isFalse();
        assertThat(ReservedKeys.isReserved("tarballs/.hexmirror/lock")).isFalse();
        assertThat(ReservedKeys.isReserved(".hexmirrorx/lock")).isFalse();
        assertThat(ReservedKeys.isReserved(".hexmirror-tmp-1.part")).isFalse();
        assertThat(ReservedKeys.isReserved("")).isFalse();
    }

    @Test
    void nullIsAProgrammingError() {
        assertThatThrownBy(() -> ReservedKeys.isReserved(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("key is null");
    }
}
