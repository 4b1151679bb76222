# The command lines the golden file records; each is run by the real docker CLI (generate.py) and by
# berth (TemplateGoldenTest) over the same fixtures.
PS_FORMATS = [
    "{{.ID}} {{.Names}} {{.Image}} {{.Status}} {{.State}}",
    "{{json .}}", "json", "raw", "table", "table {{.ID}}\\t{{.Names}}",
    'table {{.Label "com.example.team"}}\\t{{.Names | upper}}\\t{{json .Labels}}\\t{{pad .State 1 2}}|',
    "{{.Labels}}", '{{.Label "x"}}|{{.Label "nope"}}', "{{.Command}}", "{{.CreatedAt}}", "{{.RunningFor}}",
    "{{.Size}}", "{{.Mounts}}|{{.Ports}}|{{.Networks}}|{{.LocalVolumes}}|{{.Platform}}",
    '{{range $i, $l := split .Labels ","}}{{$i}}:{{$l}};{{end}}',
    '{{join (split .Labels ",") "+"}} {{title .State}} {{lower .Names}} {{truncate .ID 4}}',
    '{{printf "%-8s|%5.1f|%x|%q|%d" .Names 3.14159 255 .State 42}}',
    '{{if eq .State "running"}}up{{else if eq .State "exited"}}down{{else}}other{{end}}',
    "{{with .Labels}}L={{.}}{{else}}none{{end}} {{len .Names}} {{index .Names 0}} {{slice .ID 0 3}}",
    "{{.Names}} {{- \" x \" -}} {{.State}}", "{{/* comment */}}{{.Names}}", "{{$n := .Names}}{{$n}}{{$n = \"z\"}}{{$n}}",
    "{{range split .Names \"\"}}{{.}}.{{break}}{{end}}", "{{and .Labels .Names}}|{{or .Labels .Names}}|{{not .Labels}}",
    "{{html .Command}} {{js .Command}} {{urlquery .Command}}", "{{print .Names 1 2 \"a\" \"b\"}}{{println .State}}",
    "{{ne .State \"running\"}} {{lt 1 2}} {{ge .Names \"m\"}}",
    # errors
    "{{.Foo}}", "{{.ID", "{{if}}", "{{end}}", "{{nope}}", "{{.Label}}", '{{.ID "x"}}', '{{index .Labels "a"}}',
    '{{join .Names ","}}', "table {{.Foo}}", "{{range .Names}}{{end}}", "{{lt .State 1}}", "{{.Names | 3}}",
    "{{$x}}", "{{else}}", "{{break}}", "{{(1).X}}", "{{printf}}", "{{\"a\" | printf \"%s-%s\" \"b\"}}",
]
CASES = []
for f in PS_FORMATS:
    CASES.append(["ps", "--format", f])
CASES += [["ps"], ["ps", "--no-trunc"], ["ps", "-q"], ["ps", "-s"], ["ps", "-q", "--format", "{{.Names}}"],
          ["ps", "--format", "table", "-s"], ["ps", "--filter", "foo"], ["ps", "--format", "{{.Size}}", "--size=false"]]
IMAGE_FORMATS = ["{{.Repository}}:{{.Tag}}", "{{.ID}}", "{{json .}}", "json", "raw", "table {{.ID}}\\t{{.Size}}",
                 "{{.VirtualSize}} {{.SharedSize}} {{.UniqueSize}} {{.Containers}} {{.Digest}} {{.CreatedAt}}",
                 "table {{.Repository}}\\t{{.Digest}}", "{{.Foo}}", "{{.ID"]
for f in IMAGE_FORMATS:
    CASES.append(["images", "--format", f])
CASES += [["images"], ["images", "--no-trunc"], ["images", "-q"], ["images", "--digests"], ["images", "-q", "--format", "{{.Tag}}"]]
INSPECT_FORMATS = [
    "{{.State.Status}} {{.State.Running}} {{.State.Pid}} {{.State.ExitCode}}", "{{.State.Health.Status}}",
    "{{json .Config}}", "{{json .Config.Labels}}", '{{index .Config.Labels "x"}}|{{index .Config.Labels "zz"}}|',
    "{{range .Mounts}}{{.Source}}{{end}}|", "{{.NetworkSettings.IPAddress}}|", "{{.Foo}}", "{{.Config.Labels.zz}}",
    "{{.Config.Entrypoint}} {{.HostConfig.Binds}} {{json .HostConfig.Binds}} {{.State.Health}}",
    "{{.Config.StopSignal}}|{{.Config.ExposedPorts}}|{{.HostConfig.Init}}|{{.Config.Healthcheck}}",
    "{{.HostConfig.ShmSize}} {{.HostConfig.LogConfig}} {{.HostConfig.RestartPolicy}} {{.HostConfig.LogConfig.Type}}",
    "{{json .State}}", "{{.Name}} {{.Id}} {{.Image}}", "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}",
    "{{.ID", "{{json .NetworkSettings}}", "{{.NetworkSettings.Networks}}", "{{len .Config.Env}} {{join .Config.Env \",\"}}",
    "{{if .State.Running}}up{{else}}down{{end}}", "{{.State.Foo.Bar}}", "{{.Config.Labels.x.y}}",
    "{{.GraphDriver.Data.Nope}}", "json", "", "{{.State.Pid | printf \"%05d\"}}", "{{json .HostConfig.LogConfig.Config}}",
    "{{.HostConfig.LogConfig.Config}} {{index .HostConfig.LogConfig.Config \"max-size\"}}", "{{.Args}} {{.Path}}",
    "{{.HostConfig.MaskedPaths}}", "{{.Config.Cmd}} {{index .Config.Cmd 0}}", "{{index .Config.Cmd 5}}",
    "{{.SizeRw}}|{{.SizeRootFs}}", "{{json .Mounts}} {{json .ExecIDs}}", "{{.HostConfig.Dns}}|{{.HostConfig.ExtraHosts}}",
    "{{.Config}}", "{{.ID}}", "{{.Id}}", "{{.ID}} {{.Config.StopSignal}}|", "{{.HostConfig.Dns}} {{.HostConfig.DNS}}",
    "{{.Id}} {{.Config.StopSignal}}|",
]
for f in INSPECT_FORMATS:
    CASES.append(["inspect", "--format", f, "fmt1"])
CASES += [["inspect", "-f", "{{.ID}} {{.Config.User}}|{{.Config.Labels}}|{{.Config.Env}}", "busybox"],
          ["inspect", "fmt1"], ["inspect", "nope"], ["inspect", "-f", "{{.Name}}", "fmt1", "nope"],
          ["inspect", "-f", "{{.Id}} {{.RepoTags}} {{.Config.Cmd}} {{json .Config}} {{.Config.User}}|{{.Config.Labels}}", "busybox"],
          ["inspect", "--type", "image", "-f", "{{.Os}}/{{.Architecture}} {{.Size}} {{.Config.Entrypoint}} {{.ContainerConfig}}", "busybox"]]
