package io.hexmirror.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Renders a command's options in titled sections instead of one alphabetical list. Picocli's argument
 * groups would do this too, but the options come from mixins that several commands share, and mixins
 * cannot sit inside a group.
 */
final class OptionSections implements CommandLine.IHelpSectionRenderer {
    private final Map<String, List<String>> sections;
    private final String rest;

    /**
     * @param sections headings, in order, each with the names of its options in order
     * @param rest     the heading of the options no section names
     */
    private OptionSections(Map<String, List<String>> sections, String rest) {
        this.sections = sections;
        this.rest = rest;
    }

    /** Puts the command's options into {@code sections} in its help; options no section names come last. */
    static void apply(CommandLine commandLine, Map<String, List<String>> sections, String rest) {
        Map<String, List<String>> ordered = new LinkedHashMap<>(sections);
        commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                new OptionSections(ordered, rest));
        commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING,
                help -> "");
    }

    @Override
    public String render(CommandLine.Help help) {
        CommandLine.Model.CommandSpec spec = help.commandSpec();
        StringBuilder out = new StringBuilder();
        Set<OptionSpec> shown = new HashSet<>();
        for (Map.Entry<String, List<String>> section : sections.entrySet()) {
            List<OptionSpec> options = new ArrayList<>();
            for (String name : section.getValue()) {
                OptionSpec option = spec.findOption(name);
                if (option == null) {
                    throw new IllegalStateException("no option " + name + " in " + spec.qualifiedName());
                }
                options.add(option);
            }
            shown.addAll(options);
            out.append(render(help, section.getKey(), options));
        }
        List<OptionSpec> others = spec.options().stream().filter(o -> !shown.contains(o) && !o.hidden()).toList();
        out.append(render(help, rest, others));
        return out.toString();
    }

    private static String render(CommandLine.Help help, String heading, List<OptionSpec> options) {
        if (options.isEmpty()) {
            return "";
        }
        CommandLine.Help.Layout layout = help.createDefaultLayout();
        CommandLine.Help.IParamLabelRenderer labels = help.createDefaultParamLabelRenderer();
        options.forEach(option -> layout.addOption(option, labels));
        return String.format("%n%s:%n", heading) + layout;
    }
}
