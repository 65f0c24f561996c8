package io.hexmirror.erlang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.MalformedDataException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErlangTermParserTest {
    private static final String WHERE = "test.config";

    private static List<Object> parse(String file) throws MalformedDataException {
        return ErlangTermParser.parse(file.getBytes(StandardCharsets.UTF_8), WHERE).terms();
    }

    private static Object term(String source) throws MalformedDataException {
        List<Object> terms = parse(source + ".");
        assertThat(terms).hasSize(1);
        return terms.get(0);
    }

    private static List<Object> chars(String text) {
        return text.codePoints().mapToObj(c -> (Object) (long) c).toList();
    }

    private static void assertError(String file, String message) {
        assertThatThrownBy(() -> parse(file))
                .isExactlyInstanceOf(ErlangSyntaxException.class)
                .hasMessage(WHERE + ": " + message);
    }

    @Test
    void binaries() throws Exception {
        assertThat(term("<<\"decimal\">>")).isEqualTo("decimal");
        assertThat(term("<<>>")).isEqualTo("");
        assertThat(term("<< >>")).isEqualTo("");
        assertThat(term("<<\"a\",\"b\">>")).isEqualTo("ab");
        assertThat(term("<< \"a\" , \"b\" >>")).isEqualTo("ab");
        assertThat(term("<<\"ab\" \"cd\">>")).isEqualTo("abcd");
        assertThat(term("<<104,105>>")).isEqualTo("hi");
        assertThat(term("<<$h,$i>>")).isEqualTo("hi");
        assertThat(term("<<\"x\",0,\"y\">>")).isEqualTo("x\0y");
    }

    @Test
    void aBinaryOfOnePlainStringReadsAsWhenItIsSplitIntoSegments() throws Exception {
        // <<"text">> takes a shortcut past the byte-by-byte reading that <<"te", "xt">> goes through.
        for (String text : List.of("decimal", "", "Zürich 日本 😀", "a % b . c", "tab\there")) {
            int half = text.offsetByCodePoints(0, text.codePointCount(0, text.length()) / 2);
            assertThat(term("<<\"" + text + "\">>")).as(text)
                    .isEqualTo(term("<<\"" + text.substring(0, half) + "\", \"" + text.substring(half) + "\">>"))
                    .isEqualTo(text);
        }
        // A lone surrogate (possible in a text given as a string) has no UTF-8 form: both ways make it '?'.
        List<Object> terms = ErlangTermParser.parse("<<\"a\uD800b\">>.\n<<\"a\uD800\", \"b\">>.", WHERE).terms();
        assertThat(terms).containsExactly("a?b", "a?b");
    }

    @Test
    void plainStringBinariesKnowWhereTheyStartEvenWhenEmpty() throws Exception {
        ErlangDocument document = ErlangTermParser.parse("{<<\"\">>,\n <<\"\">>, <<\"x\" >>}.", WHERE);
        ErlangTuple tuple = (ErlangTuple) document.terms().get(0);

        assertThat(document.position(tuple.get(0))).contains(new ErlangDocument.Position(1, 2));
        assertThat(document.position(tuple.get(1))).contains(new ErlangDocument.Position(2, 2));
        assertThat(document.position(tuple.get(2))).contains(new ErlangDocument.Position(2, 10));
        assertThat(tuple.get(2)).isEqualTo("x");
    }

    @Test
    void utf8Binaries() throws Exception {
        // What io_lib_pretty (hex_core) writes for non-ASCII text.
        assertThat(term("<<\"é\"/utf8>>")).isEqualTo("é");
        assertThat(term("<<\"José Valim\"/utf8>>")).isEqualTo("José Valim");
        assertThat(term("<<\"日本語\"/utf8>>")).isEqualTo("日本語");
        assertThat(term("<<\"😀\"/utf8>>")).isEqualTo("😀");
        assertThat(term("<<\"a\"/utf8,\"é\"/utf8>>")).isEqualTo("aé");
        assertThat(term("<<\"\\x{e9}\"/utf8>>")).isEqualTo("é");
        assertThat(term("<<233/utf8, $ß/utf8>>")).isEqualTo("éß");
    }

    @Test
    void rawUtf8BytesInABinaryStayUtf8() throws Exception {
        assertThat(term("<<\"é\">>")).isEqualTo("é");
        assertThat(term("<<\"Zürich 日本\">>")).isEqualTo("Zürich 日本");
        // Octal escapes of the UTF-8 bytes, as ~w prints them.
        assertThat(term("<<\"\\303\\251\">>")).isEqualTo("é");
        assertThat(term("<<195,169>>")).isEqualTo("é");
    }

    @Test
    void binaryBytesThatAreNotUtf8ReadAsLatin1() throws Exception {
        assertThat(term("<<\"caf\\351\">>")).isEqualTo("café");
        assertThat(term("<<\"\\x{e9}\">>")).isEqualTo("é");
        assertThat(term("<<255>>")).isEqualTo("ÿ");
    }

    @Test
    void aFileThatIsNotUtf8IsReadAsLatin1() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("{<<\"d\">>,<<\"caf".getBytes(StandardCharsets.US_ASCII));
        file.write(0xE9);
        file.writeBytes("\">>}.".getBytes(StandardCharsets.US_ASCII));

        List<Object> terms = ErlangTermParser.parse(file.toByteArray(), WHERE).terms();

        assertThat(terms.get(0)).isEqualTo(ErlangTuple.of("d", "café"));
    }

    @Test
    void aByteOrderMarkIsIgnored() throws Exception {
        assertThat(ErlangTermParser.parse("\uFEFF{a,b}.".getBytes(StandardCharsets.UTF_8), WHERE).terms())
                .containsExactly(ErlangTuple.of(new ErlangAtom("a"), new ErlangAtom("b")));
    }

    @Test
    void stringsAreCharLists() throws Exception {
        assertThat(term("\"abc\"")).isEqualTo(chars("abc"));
        assertThat(term("\"\"")).isEqualTo(List.of());
        assertThat(term("\"é\"")).isEqualTo(List.of(233L));
        assertThat(term("\"ab\" \"cd\"")).isEqualTo(chars("abcd"));
        assertThat(term("\"ab\"\n  \"cd\"")).isEqualTo(chars("abcd"));
        assertThat(term("\"two\nlines\"")).isEqualTo(chars("two\nlines"));
    }

    @Test
    void escapes() throws Exception {
        assertThat(term("\"\\n\\t\\s\\r\\b\\f\\v\\e\\d\"")).isEqualTo(List.of(10L, 9L, 32L, 13L, 8L, 12L, 11L, 27L, 127L));
        assertThat(term("\"\\\\\\\"\\'\"")).isEqualTo(chars("\\\"'"));
        assertThat(term("\"\\101\\7\\0101\"")).isEqualTo(List.of(65L, 7L, 8L, 49L));
        assertThat(term("\"\\x41\\x{42}\\x{1F600}\"")).isEqualTo(List.of(65L, 66L, 0x1F600L));
        assertThat(term("\"\\^A\\^z\\^@\"")).isEqualTo(List.of(1L, 26L, 0L));
        assertThat(term("\"\\q\"")).isEqualTo(chars("q"));
        assertThat(term("<<\"tab\\there\">>")).isEqualTo("tab\there");
        assertThat(term("'it\\'s'")).isEqualTo(new ErlangAtom("it's"));
    }

    @Test
    void atoms() throws Exception {
        assertThat(term("true")).isEqualTo(ErlangAtom.TRUE);
        assertThat(term("false")).isEqualTo(ErlangAtom.FALSE);
        assertThat(term("nil")).isEqualTo(new ErlangAtom("nil"));
        assertThat(term("foo_Bar@host1")).isEqualTo(new ErlangAtom("foo_Bar@host1"));
        assertThat(term("'Hello World'")).isEqualTo(new ErlangAtom("Hello World"));
        assertThat(term("''")).isEqualTo(new ErlangAtom(""));
        assertThat(term("'é'")).isEqualTo(new ErlangAtom("é"));
        assertThat(term("élan")).isEqualTo(new ErlangAtom("élan"));
    }

    @Test
    void integers() throws Exception {
        assertThat(term("42")).isEqualTo(42L);
        assertThat(term("0")).isEqualTo(0L);
        assertThat(term("-7")).isEqualTo(-7L);
        assertThat(term("- 7")).isEqualTo(-7L);
        assertThat(term("+3")).isEqualTo(3L);
        assertThat(term("1_000_000")).isEqualTo(1_000_000L);
        assertThat(term("16#FF")).isEqualTo(255L);
        assertThat(term("16#ff_ff")).isEqualTo(65535L);
        assertThat(term("-16#10")).isEqualTo(-16L);
        assertThat(term("2#1010")).isEqualTo(10L);
        assertThat(term("36#z")).isEqualTo(35L);
        assertThat(term("$a")).isEqualTo(97L);
        assertThat(term("$\\n")).isEqualTo(10L);
        assertThat(term("$ ")).isEqualTo(32L);
        assertThat(term("$é")).isEqualTo(233L);
        assertThat(term("-$a")).isEqualTo(-97L);
        assertThat(term("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(term("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(term("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(term("-123456789012345678901234567890")).isEqualTo(new BigInteger("-123456789012345678901234567890"));
    }

    @Test
    void floats() throws Exception {
        assertThat(term("1.5")).isEqualTo(1.5);
        assertThat(term("-0.25")).isEqualTo(-0.25);
        assertThat(term("1.0e3")).isEqualTo(1000.0);
        assertThat(term("2.5E-2")).isEqualTo(0.025);
        assertThat(term("1.0e+2")).isEqualTo(100.0);
        assertThat(term("1_000.5")).isEqualTo(1000.5);
    }

    @Test
    void listsTuplesAndMaps() throws Exception {
        ErlangAtom a = new ErlangAtom("a");
        assertThat(term("[]")).isEqualTo(List.of());
        assertThat(term("[ ]")).isEqualTo(List.of());
        assertThat(term("[1, [2, 3], {a}]")).isEqualTo(List.of(1L, List.of(2L, 3L), ErlangTuple.of(a)));
        assertThat(term("{}")).isEqualTo(ErlangTuple.of());
        assertThat(term("{a, {<<\"b\">>, [c]}}"))
                .isEqualTo(ErlangTuple.of(a, ErlangTuple.of("b", List.of(new ErlangAtom("c")))));
        assertThat(term("#{}")).isEqualTo(Map.of());
        assertThat(term("#{<<\"a\">> => 1, b => [2]}")).isEqualTo(Map.of("a", 1L, new ErlangAtom("b"), List.of(2L)));
    }

    @Test
    void nestedKeyValueLists() throws Exception {
        Object term = term("""
                {<<"extra">>,
                 [{<<"maintainers">>,[<<"José"/utf8>>]},
                  {<<"nested">>,[{<<"deeper">>,[{<<"deepest">>,true}]}]}]}""");

        assertThat(term).isEqualTo(ErlangTuple.of("extra", List.of(
                ErlangTuple.of("maintainers", List.of("José")),
                ErlangTuple.of("nested", List.of(ErlangTuple.of("deeper", List.of(ErlangTuple.of("deepest", ErlangAtom.TRUE))))))));
    }

    @Test
    void commentsAndLayout() throws Exception {
        ErlangDocument document = ErlangTermParser.parse("""
                %% coding: utf-8
                % a comment line
                {a, % after an element
                 b}. % after a term
                   {c,d}.
                %% the end, without a newline""", WHERE);

        assertThat(document.terms()).containsExactly(
                ErlangTuple.of(new ErlangAtom("a"), new ErlangAtom("b")),
                ErlangTuple.of(new ErlangAtom("c"), new ErlangAtom("d")));
        assertThat(document.position(document.terms().get(0))).contains(new ErlangDocument.Position(3, 1));
        assertThat(document.position(document.terms().get(1))).contains(new ErlangDocument.Position(5, 4));
    }

    @Test
    void nestedTermsKnowWhereTheyStart() throws Exception {
        ErlangDocument document = ErlangTermParser.parse("{a,\n  [<<>>, \"s\", 'q', 7]}.", WHERE);
        ErlangTuple tuple = (ErlangTuple) document.terms().get(0);
        List<?> list = (List<?>) tuple.get(1);

        assertThat(document.position(tuple.get(0))).contains(new ErlangDocument.Position(1, 2));
        assertThat(document.position(list)).contains(new ErlangDocument.Position(2, 3));
        assertThat(document.position(list.get(0))).contains(new ErlangDocument.Position(2, 4));
        assertThat(document.position(list.get(1))).contains(new ErlangDocument.Position(2, 10));
        assertThat(document.position(list.get(2))).contains(new ErlangDocument.Position(2, 15));
        assertThat(document.position(list.get(3))).as("numbers are not tracked").isEmpty();
        assertThat(document.position("{a}")).as("a string from elsewhere").isEmpty();
    }

    @Test
    void anEmptyFileHasNoTerms() throws Exception {
        assertThat(parse("")).isEmpty();
        assertThat(parse("  % only a comment\n\n")).isEmpty();
    }

    @Test
    void termsPrintInErlangSyntax() throws Exception {
        Object term = term("{<<\"é\"/utf8>>, 'Quoted atom', ok, [1, 2.5, \"hi\"], #{k => <<\"v\\n\">>}}");

        assertThat(term).hasToString("{<<\"é\"/utf8>>,'Quoted atom',ok,[1,2.5,[104,105]],#{k => <<\"v\\n\">>}}");
        assertThat(term(term.toString())).isEqualTo(term);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ~ ", quoteCharacter = '`', textBlock = """
            {a, b                ~ line 1, column 6: expected ',' or '}' in a tuple but found the end of the file
            {a b}.               ~ line 1, column 4: expected ',' or '}' in a tuple but found 'b'
            {a}                  ~ line 1, column 4: expected '.' to end the term but found the end of the file
            {Foo, 1}.            ~ line 1, column 2: found the variable 'Foo': only literal terms are allowed
            {_, 1}.              ~ line 1, column 2: found the variable '_': only literal terms are allowed
            <<"abc>>.            ~ line 1, column 3: unterminated string
            'abc.                ~ line 1, column 1: unterminated quoted atom
            [a | b].             ~ line 1, column 4: improper lists ('|') are not supported
            [1,].                ~ line 1, column 4: expected a term but found ']'
            #rec{a = 1}.         ~ line 1, column 1: expected a term but found '#'
            <<"a":8>>.           ~ line 1, column 6: binary segment sizes are not supported
            <<"a"/binary>>.      ~ line 1, column 7: unsupported binary segment type 'binary': only /utf8 is supported
            <<256>>.             ~ line 1, column 3: integer 256 in a binary does not fit in a byte
            <<-1>>.              ~ line 1, column 3: integer -1 in a binary does not fit in a byte
            <<1.5>>.             ~ line 1, column 3: only strings and integers of at most 64 bits are supported in binaries
            <<"\\x{100}">>.      ~ line 1, column 4: escaped character above 255 in a binary segment without /utf8
            <<16#D800/utf8>>.    ~ line 1, column 3: U+D800 is a surrogate, which UTF-8 cannot encode
            "\\x{110000}".       ~ line 1, column 2: escape \\x{110000} is beyond Unicode
            "\\xZZ".             ~ line 1, column 2: malformed escape: expected \\xHH or \\x{HEX}
            37#1.                ~ line 1, column 1: integer base 37 is not between 2 and 36
            16#.                 ~ line 1, column 4: expected base-16 digits after '#' but found '.'
            1.0e.                ~ line 1, column 4: expected the exponent's digits in a float
            - a.                 ~ line 1, column 3: expected a number after '-' but found 'a'
            #{a => 1, b}.        ~ line 1, column 12: expected '=>' after a map key but found '}'
            {<<"é"/utf8>>, @}.   ~ line 1, column 16: expected a term but found '@'
            """)
    void syntaxErrorsNameLineAndColumn(String file, String message) {
        assertError(file, message);
    }

    @Test
    void syntaxErrorsGiveTheirParts() {
        assertThatThrownBy(() -> ErlangTermParser.parse("\n  {a b}.", "rebar.lock"))
                .isInstanceOfSatisfying(ErlangSyntaxException.class, e -> {
                    assertThat(e.where()).isEqualTo("rebar.lock");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(6);
                    assertThat(e.detail()).isEqualTo("expected ',' or '}' in a tuple but found 'b'");
                });
    }

    @Test
    void deepNestingIsRefusedInsteadOfOverflowingTheStack() throws Exception {
        int max = ErlangTermParser.MAX_DEPTH;
        assertThat(term("[".repeat(max) + "]".repeat(max))).isInstanceOf(List.class);

        assertError("[".repeat(max) + "{", "line 1, column " + (max + 1) + ": terms are nested more than " + max + " levels deep");
        assertError("#{a => ".repeat(max + 1), "line 1, column " + (7 * max + 2) + ": terms are nested more than " + max + " levels deep");
        assertError("[".repeat(1_000_000), "line 1, column " + (max + 1) + ": terms are nested more than " + max + " levels deep");
    }

    @Test
    void errorPositionsCountLines() {
        assertError("{a,\n  b,\n  @}.", "line 3, column 3: expected a term but found '@'");
        assertError("{a, b}.\n\n{c, d}\n{e}.", "line 4, column 1: expected '.' to end the term but found '{'");
    }
}
